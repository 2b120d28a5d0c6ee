// Large inputs that take the threaded paths of each kernel, on strided views, against loops.
import Foundation
import Numerics
import XCTest
@testable import NOSTensor

final class ParallelKernelTests: XCTestCase {
  let (r, c) = (301, 257)  // odd sizes so chunks start in the middle of rows

  func base(_ seed: UInt64) throws -> ([Double], Tensor) {
    var rng = TestRNG(seed)
    let v = rng.array(r * c, -2, 2)
    return (v, try tensor(v, [r, c]))
  }

  /// Values of x.T ([c, r]) in row-major order.
  func transposed(_ v: [Double]) -> [Double] { (0..<(r * c)).map { v[($0 % r) * c + $0 / r] } }

  func testUnaryAndBinaryOnLargeViews() throws {
    let (v, x) = try base(100)
    let vt = transposed(v)
    assertClose(try x.T.unary(.exp).toArray(), vt.map { Foundation.exp($0) }, tol: 1e-15, "exp .T")
    assertClose(try x.T.unary(.square).toArray(), vt.map { $0 * $0 }, tol: 1e-15, "square .T")
    // Every other column, reversed rows.
    let s = try x.get([.slice(start: nil, stop: nil, step: -1), .slice(start: nil, stop: nil, step: 2)])
    let cols = (c + 1) / 2
    let sv = (0..<(r * cols)).map { v[(r - 1 - $0 / cols) * c + 2 * ($0 % cols)] }
    assertClose(try s.unary(.tanh).toArray(), sv.map { Foundation.tanh($0) }, tol: 1e-15, "tanh slice")
    // x.T + x.T, x.T * row-broadcast, pow with a column broadcast.
    assertClose(try (x.T + x.T).toArray(), vt.map { 2 * $0 }, tol: 1e-15)
    let row = try tensor((0..<r).map { Double($0) }, [r])
    assertClose(try (x.T * row).toArray(), (0..<(r * c)).map { vt[$0] * Double($0 % r) }, tol: 1e-15)
    let col = try tensor((0..<c).map { Double($0 % 3) }, [c, 1])
    assertClose(try Tensor.binary(.pow, x.T, col).toArray(),
                (0..<(r * c)).map { Foundation.pow(vt[$0], Double(($0 / r) % 3)) }, tol: 1e-15, "pow")
    assertClose(try Tensor.binary(.mod, x.T, 0.7).toArray(),
                vt.map { a in let m = fmod(a, 0.7); return m != 0 && m < 0 ? m + 0.7 : m }, tol: 1e-15, "mod")
    // Copies and dtype conversions of the views.
    XCTAssertEqual(try x.T.copied().toArray(), vt)
    assertClose(try x.T.astype(.f32).toArray(), asFloat(vt), tol: 0, "astype f32")
    XCTAssertEqual(try x.T.astype(.c128).toComplexArray(), real(vt))
  }

  func testReductionsOnLargeTensors() throws {
    let (v, x) = try base(101)
    var colSum = [Double](repeating: 0, count: c), rowMax = [Double](repeating: -.infinity, count: r)
    var rowArg = [Double](repeating: 0, count: r)
    for i in 0..<r {
      for j in 0..<c {
        colSum[j] += v[i * c + j]
        if v[i * c + j] > rowMax[i] { rowMax[i] = v[i * c + j]; rowArg[i] = Double(j) }
      }
    }
    assertClose(try x.sum(axis: 0).toArray(), colSum, tol: 1e-12, "sum axis 0")
    assertClose(try x.T.sum(axis: 1).toArray(), colSum, tol: 1e-12, "sum of .T axis 1")
    XCTAssertEqual(try x.reduce(.max, axes: [1]).toArray(), rowMax)
    XCTAssertEqual(try x.reduce(.argmax, axes: [1]).toArray(), rowArg)
    XCTAssertEqual(try x.T.reduce(.argmax, axes: [0]).toArray(), rowArg)
    let total = v.reduce(0, +)
    XCTAssertEqual(try x.sum().item(), total, accuracy: 1e-9)
    var varRows = [Double](repeating: 0, count: r)
    for i in 0..<r {
      let row = v[(i * c)..<((i + 1) * c)]
      let mu = row.reduce(0, +) / Double(c)
      varRows[i] = row.reduce(0) { $0 + ($1 - mu) * ($1 - mu) } / Double(c)
    }
    assertClose(try x.reduce(.var, axes: [1]).toArray(), varRows, tol: 1e-12, "var")
  }

  func testWhereConcatCumsumLarge() throws {
    let (v, x) = try base(102)
    let vt = transposed(v)
    let w = try Tensor.where(Tensor.binary(.gt, x.T, 0), x.T, Tensor(-9))
    XCTAssertEqual(w.toArray(), vt.map { $0 > 0 ? $0 : -9 })
    let cat = try Tensor.concat([x.T, x.T.get([.slice(start: nil, stop: 3, step: nil)])])
    XCTAssertEqual(cat.shape, [c + 3, r])
    XCTAssertEqual(cat.toArray(), vt + Array(vt[0..<(3 * r)]))
    var run = v
    for i in 1..<r { for j in 0..<c { run[i * c + j] += run[(i - 1) * c + j] } }
    assertClose(try x.cumsum(axis: 0).toArray(), run, tol: 1e-12, "cumsum axis 0")
  }

  func testIndexingLarge() throws {
    let (v, x) = try base(103)
    let idx = (0..<500).map { Double(($0 * 37) % r) - (($0 % 2 == 0) ? 0 : Double(r)) }  // mixed negatives
    let g = try x.get([.gather(tensor(idx, [500]))])
    XCTAssertEqual(g.shape, [500, c])
    let gv = g.toArray()
    for k in stride(from: 0, to: 500, by: 7) {
      let row = ((Int(idx[k]) % r) + r) % r
      XCTAssertEqual(Array(gv[(k * c)..<((k + 1) * c)]), Array(v[(row * c)..<((row + 1) * c)]))
    }
    var y = x
    try y.set([.all, .slice(start: 1, stop: nil, step: 2)], Tensor(0))
    let yv = y.toArray()
    XCTAssertEqual(yv.enumerated().filter { ($0.offset % c) % 2 == 1 }.map(\.element).max(), 0)
    XCTAssertEqual(yv.enumerated().filter { ($0.offset % c) % 2 == 0 }.map(\.element),
                   v.enumerated().filter { ($0.offset % c) % 2 == 0 }.map(\.element))
    XCTAssertEqual(x.toArray(), v)  // copy-on-write kept the original
  }

  func testThreadCountDoesNotChangeResults() throws {
    let (_, x) = try base(104)
    let saved = Parallel.threads
    defer { Runtime.setThreads(saved) }
    Runtime.setThreads(1)
    let a = try (x.T.unary(.sin) * 3).sum(axis: 0).toArray()
    let m1 = try Tensor.matmul(x, x.T).toArray()
    Runtime.setThreads(4)
    XCTAssertEqual(Parallel.threads, 4)
    XCTAssertEqual(try (x.T.unary(.sin) * 3).sum(axis: 0).toArray(), a)
    assertClose(try Tensor.matmul(x, x.T).toArray(), m1, tol: 1e-12)
    Runtime.setThreads(0)
    XCTAssertEqual(Parallel.threads, 1)
  }
}

/// The worker pool: nested and concurrent parallel loops finish with the right results.
final class WorkerPoolTests: XCTestCase {
  func testNestedAndConcurrentLoopsComplete() throws {
    let a = try Tensor.randn([1000, 300])
    let expected = try Tensor.binary(.mul, a, a).toArray()
    DispatchQueue.concurrentPerform(iterations: 4) { _ in
      for _ in 0..<5 {
        let y = try? Tensor.binary(.mul, a, a)
        XCTAssertEqual(y?.toArray(), expected)
      }
    }
  }
}
