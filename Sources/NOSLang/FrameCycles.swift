// Breaking the cycle a local recursive function makes with its own cell when its frame ends.

/// `fn outer() { fn inner(n) { ... inner(n - 1) ... } ... }`: `inner` lives in a cell of
/// outer's frame and captures that same cell, a reference cycle that reference counting never
/// frees (10⁷ calls of `outer` leaked 1.3 GB). When a frame ends, this finds the closures
/// stored in its cells that nothing outside the frame holds and clears those cells, unless a
/// closure that is still reachable (returned, stored in a list, captured elsewhere) needs them.
enum FrameCycles {
  /// Deinitialises a frame's `count` cells, first breaking the cycles described above.
  static func releaseCells(_ cells: UnsafeMutablePointer<Cell>, _ count: Int) {
    var any = false
    for i in 0..<count {
      if case .function? = cells[i].ref.pointee { any = true; break }
    }
    guard any else {
      cells.deinitialize(count: count)
      return
    }
    var own = (0..<count).map { (cells + $0).move() }
    breakCycles(&own)
  }

  /// A capture set aside: a cell of this frame (by index, so no extra reference is held) or
  /// a cell from elsewhere.
  private enum Capture {
    case frame(Int)
    case other(Cell)
  }

  private static func breakCycles(_ own: inout [Cell]) {
    let index = Dictionary(own.indices.map { (ObjectIdentifier(own[$0]), $0) },
                           uniquingKeysWith: { a, _ in a })
    // 1. Take out the closures only this frame's cells hold, with their captures.
    var taken: [(cell: Int, closure: Closure, captures: [Capture])] = []
    var live = [Bool](repeating: false, count: own.count)
    for i in own.indices {
      guard var c = takeClosure(own[i]) else { continue }
      if isKnownUniquelyReferenced(&c) {
        let captures = c.takeCaptures().map { cell -> Capture in
          if let j = index[ObjectIdentifier(cell)] { return .frame(j) }
          return .other(cell)
        }
        taken.append((i, c, captures))
      } else {
        own[i].ref.pointee = .function(c)
        live[i] = true
      }
    }
    // 2. A cell still referenced with the taken closures' captures set aside is live.
    for i in own.indices where !isKnownUniquelyReferenced(&own[i]) { live[i] = true }
    // 3. A live cell keeps its closure, and that closure keeps the cells it captured.
    var keep = [Bool](repeating: false, count: taken.count)
    var changed = true
    while changed {
      changed = false
      for (k, t) in taken.enumerated() where !keep[k] && live[t.cell] {
        keep[k] = true
        changed = true
        for case .frame(let j) in t.captures { live[j] = true }
      }
    }
    // 4. Kept closures get their captures and cells back; the others are dropped.
    for (k, t) in taken.enumerated() where keep[k] {
      for (i, c) in t.captures.enumerated() {
        switch c {
        case .frame(let j): t.closure.restoreCapture(i, own[j])
        case .other(let cell): t.closure.restoreCapture(i, cell)
        }
      }
      own[t.cell].ref.pointee = .function(t.closure)
    }
  }

  /// Moves a closure out of `cell` (nil when the cell holds anything else).
  private static func takeClosure(_ cell: Cell) -> Closure? {
    guard case .function(let c)? = cell.ref.pointee else { return nil }
    cell.ref.pointee = nil
    return c
  }
}
