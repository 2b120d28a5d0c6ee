// A safe Python unpickler: builds data from a subset of opcodes and never runs code.
import Foundation

/// Reads a pickle (protocols 2–5, the binary opcodes) into `PickleValue`s. Nothing is ever
/// imported or executed: GLOBAL only records a name; REDUCE calls only the few callables
/// `call` allows (an OrderedDict, a PyTorch tensor rebuilt from a storage); any other call,
/// NEWOBJ or an opcode outside the subset is an error naming it. Opcode meanings follow
/// CPython's `pickletools` documentation.
struct Unpickler {
  private var r: ByteReader
  private var stack: [PickleValue] = []
  private var marks: [Int] = []
  private var memo: [Int: PickleValue] = [:]
  /// Turns a persistent id (BINPERSID) into a value, e.g. a PyTorch storage.
  let persistent: (PickleValue) throws -> PickleValue
  /// Calls an allowed callable `(module, name)` with its arguments (REDUCE).
  let call: (String, String, [PickleValue]) throws -> PickleValue

  init(_ bytes: UnsafeRawBufferPointer,
       persistent: @escaping (PickleValue) throws -> PickleValue,
       call: @escaping (String, String, [PickleValue]) throws -> PickleValue) {
    r = ByteReader(bytes)
    self.persistent = persistent
    self.call = call
  }

  /// Runs the pickle to its STOP and returns the value it built.
  mutating func load() throws -> PickleValue {
    while true {
      let at = r.position
      guard let op = try? r.take(1).first else { throw Malformed("truncated pickle (no STOP)") }
      if op == 0x2E {  // STOP
        guard let top = stack.popLast() else { throw Malformed("corrupt pickle (empty stack)") }
        return top
      }
      do {
        if try scalar(op) || container(op) || memoOp(op) { continue }
        if try objectOp(op) { continue }
      } catch let m as Malformed {
        throw Malformed(m.problem + " (pickle byte \(at))")
      }
      throw Malformed("unsupported pickle opcode 0x\(String(op, radix: 16)) \(opName(op))"
        + "at byte \(at); nos reads pickles of tensors, dicts, lists and tuples only")
    }
  }

  /// Constants: numbers, strings, bytes, None, booleans, framing.
  private mutating func scalar(_ op: UInt8) throws -> Bool {
    switch op {
    case 0x80: _ = try r.take(1)  // PROTO
    case 0x95: _ = try r.take(8)  // FRAME
    case 0x4E: stack.append(.none)
    case 0x88: stack.append(.bool(true))
    case 0x89: stack.append(.bool(false))
    case 0x4A: stack.append(.int(Int(Int32(truncatingIfNeeded: try r.u32()))))  // BININT
    case 0x4B: stack.append(.int(Int(try r.take(1)[0])))  // BININT1
    case 0x4D: stack.append(.int(try r.u16()))  // BININT2
    case 0x8A: stack.append(try long(try Int(r.take(1)[0])))  // LONG1
    case 0x8B: stack.append(try long(try r.u32()))  // LONG4
    case 0x47:  // BINFLOAT, big-endian
      let b = try r.take(8)
      stack.append(.float(Double(bitPattern: b.reduce(UInt64(0)) { $0 << 8 | UInt64($1) })))
    case 0x58: stack.append(.string(try text(try r.u32())))  // BINUNICODE
    case 0x8C: stack.append(.string(try text(Int(r.take(1)[0]))))  // SHORT_BINUNICODE
    case 0x8D: stack.append(.string(try text(try r.u64())))  // BINUNICODE8
    case 0x54: stack.append(.string(try latin1(try r.u32())))  // BINSTRING
    case 0x55: stack.append(.string(try latin1(Int(r.take(1)[0]))))  // SHORT_BINSTRING
    case 0x42: stack.append(.bytes(Array(try r.take(try r.u32()))))  // BINBYTES
    case 0x43: stack.append(.bytes(Array(try r.take(Int(r.take(1)[0])))))  // SHORT_BINBYTES
    case 0x8E: stack.append(.bytes(Array(try r.take(try r.u64()))))  // BINBYTES8
    default: return false
    }
    return true
  }

  /// Tuples, lists, dicts and sets, and the MARK they are built from.
  private mutating func container(_ op: UInt8) throws -> Bool {
    switch op {
    case 0x28: marks.append(stack.count)  // MARK
    case 0x29: stack.append(.tuple([]))  // EMPTY_TUPLE
    case 0x74: stack.append(.tuple(try popMark()))  // TUPLE
    case 0x85, 0x86, 0x87:  // TUPLE1..3
      stack.append(.tuple(try pop(Int(op) - 0x84)))
    case 0x5D: stack.append(.list(PickleList()))  // EMPTY_LIST
    case 0x6C: stack.append(.list(PickleList(try popMark())))  // LIST
    case 0x8F: stack.append(.list(PickleList()))  // EMPTY_SET (kept as a list)
    case 0x91: stack.append(.list(PickleList(try popMark())))  // FROZENSET
    case 0x61:  // APPEND (arguments popped first: `self` is read when the call starts)
      let items = try pop(1)
      try extend(items)
    case 0x65, 0x90:  // APPENDS, ADDITEMS
      let items = try popMark()
      try extend(items)
    case 0x7D: stack.append(.dict(PickleDict()))  // EMPTY_DICT
    case 0x64:  // DICT
      let d = PickleDict()
      try pairs(try popMark(), into: d)
      stack.append(.dict(d))
    case 0x73:  // SETITEM
      let kv = try pop(2)
      try setItems(kv)
    case 0x75:  // SETITEMS
      let kv = try popMark()
      try setItems(kv)
    case 0x30: _ = try pop(1)  // POP
    case 0x31: _ = try popMark()  // POP_MARK
    case 0x32: stack.append(try top())  // DUP
    default: return false
    }
    return true
  }

  /// The memo: BINPUT, LONG_BINPUT, MEMOIZE, BINGET, LONG_BINGET.
  private mutating func memoOp(_ op: UInt8) throws -> Bool {
    switch op {
    case 0x71: memo[Int(try r.take(1)[0])] = try top()
    case 0x72: memo[try r.u32()] = try top()
    case 0x94: memo[memo.count] = try top()
    case 0x68, 0x6A:
      let key = op == 0x68 ? Int(try r.take(1)[0]) : try r.u32()
      guard let v = memo[key] else { throw Malformed("corrupt pickle (memo \(key) unset)") }
      stack.append(v)
    default: return false
    }
    return true
  }

  /// Names, calls and persistent ids: GLOBAL, STACK_GLOBAL, REDUCE, BUILD, BINPERSID.
  private mutating func objectOp(_ op: UInt8) throws -> Bool {
    switch op {
    case 0x63:  // GLOBAL "module\nname\n"
      stack.append(.global(module: try line(), name: try line()))
    case 0x93:  // STACK_GLOBAL
      let p = try pop(2)
      guard case .string(let m) = p[0], case .string(let n) = p[1] else {
        throw Malformed("corrupt pickle (STACK_GLOBAL needs two strings)")
      }
      stack.append(.global(module: m, name: n))
    case 0x52:  // REDUCE
      let p = try pop(2)
      guard case .global(let m, let n) = p[0] else {
        throw Malformed("the pickle calls \(p[0].kind), which nos does not do")
      }
      guard case .tuple(let args) = p[1] else {
        throw Malformed("corrupt pickle (arguments of \(m).\(n) are not a tuple)")
      }
      stack.append(try call(m, n, args))
    case 0x62:  // BUILD: state for an OrderedDict (its _metadata) or a tensor is ignored
      let state = try pop(1)[0]
      switch try top() {
      case .dict, .tensor, .list: break
      case let v:
        throw Malformed("the pickle sets the state of \(v.kind) to \(state.kind), which nos "
          + "does not do")
      }
    case 0x51:  // BINPERSID
      let pid = try pop(1)[0]
      stack.append(try persistent(pid))
    case 0x81, 0x92:  // NEWOBJ, NEWOBJ_EX
      let p = try pop(op == 0x81 ? 2 : 3)
      throw Malformed("the pickle creates an object of \(p[0].kind), which nos does not load")
    default: return false
    }
    return true
  }

  private mutating func pop(_ n: Int) throws -> [PickleValue] {
    let floor = marks.last ?? 0
    guard stack.count - n >= floor else { throw Malformed("corrupt pickle (stack underflow)") }
    defer { stack.removeLast(n) }
    return Array(stack.suffix(n))
  }

  private mutating func popMark() throws -> [PickleValue] {
    guard let m = marks.popLast(), m <= stack.count else {
      throw Malformed("corrupt pickle (no MARK)")
    }
    defer { stack.removeLast(stack.count - m) }
    return Array(stack[m...])
  }

  private func top() throws -> PickleValue {
    guard let v = stack.last, stack.count > (marks.last ?? 0) else {
      throw Malformed("corrupt pickle (empty stack)")
    }
    return v
  }

  private func extend(_ items: [PickleValue]) throws {
    let target = try top()
    guard case .list(let l) = target else {
      throw Malformed("corrupt pickle (APPEND to \(target.kind))")
    }
    l.items += items
  }

  private func setItems(_ kv: [PickleValue]) throws {
    guard case .dict(let d) = try top() else { throw Malformed("corrupt pickle (SETITEM)") }
    try pairs(kv, into: d)
  }

  private func pairs(_ kv: [PickleValue], into d: PickleDict) throws {
    guard kv.count % 2 == 0 else { throw Malformed("corrupt pickle (odd SETITEMS)") }
    for i in stride(from: 0, to: kv.count, by: 2) { d.set(kv[i], kv[i + 1]) }
  }

  private mutating func long(_ n: Int) throws -> PickleValue {
    let b = try r.take(n)
    guard n <= 8 else { throw Malformed("an integer of \(n) bytes is too large for nos") }
    if n == 0 { return .int(0) }
    var v: UInt64 = 0
    for i in (0..<n).reversed() { v = v << 8 | UInt64(b[i]) }
    let shift = UInt64(64 - 8 * n)
    return .int(Int(Int64(bitPattern: v << shift) >> Int64(shift)))
  }

  private mutating func text(_ n: Int) throws -> String {
    String(decoding: try r.take(n), as: UTF8.self)
  }

  private mutating func latin1(_ n: Int) throws -> String {
    String(String.UnicodeScalarView(try r.take(n).map { Unicode.Scalar($0) }))
  }

  /// A newline-terminated ASCII line (of GLOBAL), at most 256 bytes.
  private mutating func line() throws -> String {
    var out: [UInt8] = []
    while true {
      guard let b = try? r.take(1).first else { throw Malformed("truncated pickle") }
      if b == 0x0A { return String(decoding: out, as: UTF8.self) }
      out.append(b)
      guard out.count <= 256 else { throw Malformed("corrupt pickle (GLOBAL name too long)") }
    }
  }

  private func opName(_ op: UInt8) -> String {
    let names: [UInt8: String] = [
      0x69: "INST", 0x6F: "OBJ", 0x50: "PERSID", 0x49: "INT", 0x4C: "LONG", 0x46: "FLOAT",
      0x53: "STRING", 0x56: "UNICODE", 0x70: "PUT", 0x67: "GET", 0x82: "EXT1", 0x83: "EXT2",
      0x84: "EXT4", 0x96: "BYTEARRAY8", 0x97: "NEXT_BUFFER", 0x98: "READONLY_BUFFER",
    ]
    return names[op].map { "(\($0)) " } ?? ""
  }
}
