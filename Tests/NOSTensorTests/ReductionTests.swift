// Every reduction over every axis of a 3-D tensor (and all axes) against naive loops.
import Foundation
import Numerics
import XCTest
@testable import NOSTensor

final class ReductionTests: XCTestCase {
  let shape = [3, 4, 5]

  /// Groups the elements of `values` (row-major over `shape`) by their position outside `axes`.
  func groups(_ values: [Double], _ shape: [Int], _ axes: Set<Int>) -> ([Int], [[Double]]) {
    let outShape = shape.indices.filter { !axes.contains($0) }.map { shape[$0] }
    var rows = [[Double]](repeating: [], count: product(outShape))
    for i in values.indices {
      let idx = unravel(i, shape)
      let key = ravel(shape.indices.filter { !axes.contains($0) }.map { idx[$0] }, outShape)
      rows[key].append(values[i])
    }
    return (outShape, rows)
  }

  func naive(_ op: ReduceOp, _ row: [Double], ddof: Int = 0) -> Double {
    let n = Double(row.count)
    var s = 0.0
    for v in row { s += v }
    switch op {
    case .sum: return s
    case .mean: return s / n
    case .prod:
      var p = 1.0
      for v in row { p *= v }
      return p
    case .max:
      var b = -Double.infinity
      for v in row { if v.isNaN { return v }; if v > b { b = v } }
      return b
    case .min:
      var b = Double.infinity
      for v in row { if v.isNaN { return v }; if v < b { b = v } }
      return b
    case .argmax, .argmin:
      var best = 0
      for k in row.indices {
        if row[best].isNaN { break }
        if row[k].isNaN || (op == .argmax ? row[k] > row[best] : row[k] < row[best]) { best = k }
      }
      return Double(best)
    case .var, .std:
      let mu = s / n
      var acc = 0.0
      for v in row { acc += (v - mu) * (v - mu) }
      let v = acc / (n - Double(ddof))
      return op == .std ? v.squareRoot() : v
    }
  }

  func testEveryOpEveryAxis() throws {
    var rng = TestRNG(30)
    let values = rng.array(60, -2, 2)
    for dt in [DType.f64, .f32] {
      let v = dt == .f32 ? asFloat(values) : values
      let x = try tensor(v, shape, dt)
      for op in ReduceOp.allCases {
        let t = dt == .f64 ? 1e-13 : 1e-5
        for axis in -3..<3 {
          let a = axis < 0 ? axis + 3 : axis
          let (outShape, rows) = groups(v, shape, [a])
          let want = rows.map { naive(op, $0) }
          let r = try x.reduce(op, axes: [axis])
          let outDt: DType = (op == .argmax || op == .argmin) ? .i64 : dt  // NumPy's intp
          assertTensor(r, shape: outShape, dtype: outDt, want, tol: t, "\(dt) \(op) axis \(axis)")
          var kshape = shape
          kshape[a] = 1
          assertTensor(try x.reduce(op, axes: [axis], keepdims: true), shape: kshape, want, tol: t,
                       "\(dt) \(op) axis \(axis) keepdims")
        }
        // Over everything: argmax/argmin give the flat index, as NumPy.
        let all = naive(op, v)
        assertTensor(try x.reduce(op), shape: [], [all], tol: t, "\(dt) \(op) all")
        assertTensor(try x.reduce(op, keepdims: true), shape: [1, 1, 1], [all], tol: t,
                     "\(dt) \(op) all keepdims")
        if op != .argmax && op != .argmin {
          // Two axes at once.
          let (outShape, rows) = groups(v, shape, [0, 2])
          assertTensor(try x.reduce(op, axes: [2, -3]), shape: outShape, rows.map { naive(op, $0) },
                       tol: t, "\(dt) \(op) axes 0,2")
        }
      }
    }
  }

  func testSumMeanHelpersAndViews() throws {
    var rng = TestRNG(31)
    let v = rng.array(60)
    let x = try tensor(v, shape)
    // Reducing a permuted view must follow the view's axes.
    let p = try x.permuted([2, 0, 1])  // [5, 3, 4]
    let (_, rows) = groups(v, shape, [1])  // sum over the view's axis 2 = original axis 1
    let want = rows.map { naive(.sum, $0) }  // indexed [i0, i2]; the view's result is [i2, i0]
    let got = try p.sum(axis: 2)
    XCTAssertEqual(got.shape, [5, 3])
    for i2 in 0..<5 {
      for i0 in 0..<3 {
        XCTAssertEqual(got.toArray()[i2 * 3 + i0], want[i0 * 5 + i2], accuracy: 1e-13)
      }
    }
    XCTAssertEqual(try x.mean().item(), naive(.mean, v), accuracy: 1e-14)
    XCTAssertEqual(try x.sum(axis: -1, keepdims: true).shape, [3, 4, 1])
    // A long sum is pairwise: 10^6 copies of 0.1 stay within a few ulps of 1e5.
    let big = try Tensor.full([1_000_000], 0.1)
    XCTAssertEqual(try big.sum().item(), 100_000, accuracy: 1e-6)
    // Reducing a 0-d tensor and an empty axis.
    XCTAssertEqual(try Tensor(7).reduce(.sum).item(), 7)
    let e = try Tensor.zeros([2, 0])
    XCTAssertEqual(try e.reduce(.sum, axes: [1]).toArray(), [0, 0])
    XCTAssertEqual(try e.reduce(.prod, axes: [1]).toArray(), [1, 1])
    XCTAssertEqual(try e.reduce(.max, axes: [0]).shape, [0])
  }

  func testNaNPropagation() throws {
    let x = try tensor([1, .nan, 3, 4, 5, 6], [2, 3])
    let mx = try x.reduce(.max, axes: [1]).toArray()
    XCTAssertTrue(mx[0].isNaN)
    XCTAssertEqual(mx[1], 6)
    XCTAssertTrue(try x.reduce(.min).item().isNaN)
    XCTAssertEqual(try x.reduce(.argmax, axes: [1]).toArray(), [1, 2])
    XCTAssertEqual(try x.reduce(.argmin, axes: [1]).toArray(), [1, 0])
    XCTAssertEqual(try tensor([.nan, 2, 9], [3]).reduce(.argmax).item(), 0)
    XCTAssertTrue(try x.sum().item().isNaN)
    // Regression: argmax/argmin without an axis threw for ndim > 1; NumPy gives the flat index.
    XCTAssertEqual(try tensor([1, 9, 3, 4, 5, 0], [2, 3]).reduce(.argmax).item(), 1)
    XCTAssertEqual(try tensor([1, 9, 3, 4, 5, 0], [2, 3]).reduce(.argmin).item(), 5)
    // Ties pick the first position.
    XCTAssertEqual(try tensor([2, 7, 7, 1, 1], [5]).reduce(.argmax).item(), 1)
    XCTAssertEqual(try tensor([2, 7, 7, 1, 1], [5]).reduce(.argmin).item(), 3)
  }

  func testVarStdDdof() throws {
    var rng = TestRNG(32)
    let v = rng.array(60)
    let x = try tensor(v, shape)
    for ddof in [0, 1, 2] {
      for axis in 0..<3 {
        let (_, rows) = groups(v, shape, [axis])
        assertClose(try x.reduce(.var, axes: [axis], ddof: ddof).toArray(),
                    rows.map { naive(.var, $0, ddof: ddof) }, tol: 1e-13, "var ddof \(ddof)")
        assertClose(try x.reduce(.std, axes: [axis], ddof: ddof).toArray(),
                    rows.map { naive(.std, $0, ddof: ddof) }, tol: 1e-13, "std ddof \(ddof)")
      }
    }
    // Hand-computed: [1, 2, 3, 4] has variance 1.25 (ddof 0) and 5/3 (ddof 1).
    let s = try tensor([1, 2, 3, 4], [4])
    XCTAssertEqual(try s.reduce(.var).item(), 1.25)
    XCTAssertEqual(try s.reduce(.var, ddof: 1).item(), 5.0 / 3, accuracy: 1e-15)
    XCTAssertEqual(try s.reduce(.std, ddof: 1).item(), (5.0 / 3).squareRoot(), accuracy: 1e-15)
  }

  func testComplexReductions() throws {
    var rng = TestRNG(33)
    let z = rng.complexArray(12)
    for dt in [DType.c128, .c64] {
      let zs = dt == .c64 ? asFloat(z) : z
      let x = try ctensor(zs, [3, 4], dt)
      let t = dt == .c128 ? 1e-13 : 1e-5
      for axis in 0..<2 {
        var sums = [Complex<Double>](repeating: .zero, count: axis == 0 ? 4 : 3)
        var prods = [Complex<Double>](repeating: .one, count: sums.count)
        for i in 0..<12 {
          let k = axis == 0 ? i % 4 : i / 4
          sums[k] = sums[k] + zs[i]
          prods[k] = prods[k] * zs[i]
        }
        let n = Double(axis == 0 ? 3 : 4)
        let s = try x.reduce(.sum, axes: [axis])
        XCTAssertEqual(s.dtype, dt)
        assertClose(s.toComplexArray(), sums, tol: t, "sum")
        assertClose(try x.reduce(.mean, axes: [axis]).toComplexArray(), sums.map { $0 / Complex(n, 0) },
                    tol: t, "mean")
        assertClose(try x.reduce(.prod, axes: [axis]).toComplexArray(), prods, tol: t, "prod")
        // var = mean |z - mean|², real-valued.
        var vars = [Double](repeating: 0, count: sums.count)
        for i in 0..<12 {
          let k = axis == 0 ? i % 4 : i / 4
          let d = zs[i] - sums[k] / Complex(n, 0)
          vars[k] += (d.real * d.real + d.imaginary * d.imaginary) / n
        }
        let vr = try x.reduce(.var, axes: [axis])
        XCTAssertEqual(vr.dtype, dt.real)
        assertClose(vr.toArray(), vars, tol: t, "var")
        assertClose(try x.reduce(.std, axes: [axis]).toArray(), vars.map { $0.squareRoot() }, tol: t, "std")
      }
      for op in [ReduceOp.max, .min, .argmax, .argmin] {
        assertThrows("\(op.rawValue) is not defined for complex tensors", try x.reduce(op))
      }
    }
  }

  func testReductionErrors() throws {
    let x = try Tensor.zeros([2, 3])
    assertThrows("sum: axis 2 is out of range for a tensor with 2 dimensions", try x.sum(axis: 2))
    assertThrows("axis -3 is out of range", try x.reduce(.max, axes: [-3]))
    assertThrows("argmax of an empty tensor", try Tensor.zeros([0]).reduce(.argmax))
    assertThrows("argmin of an empty tensor", try Tensor.zeros([2, 0]).reduce(.argmin, axes: [1]))
    assertThrows("max of an empty tensor", try Tensor.zeros([0, 3]).reduce(.max))
    assertThrows("argmax: give one axis or none", try x.reduce(.argmax, axes: [0, 1]))
    XCTAssertEqual(try Tensor.zeros([0, 3]).reduce(.argmax, axes: [1]).shape, [0])
  }

  func testCumsumAndDiff() throws {
    var rng = TestRNG(34)
    let v = rng.array(60)
    for dt in [DType.f64, .f32, .c128] {
      let vv = dt == .f32 ? asFloat(v) : v
      let x = try tensor(vv, shape).astype(dt)
      let t = dt == .f32 ? 1e-5 : 1e-13
      for axis in -3..<3 {
        let a = axis < 0 ? axis + 3 : axis
        var want = vv
        for i in vv.indices {
          var idx = unravel(i, shape)
          if idx[a] > 0 { idx[a] -= 1; want[i] += want[ravel(idx, shape)] }
        }
        let c = try x.cumsum(axis: axis)
        XCTAssertEqual(c.dtype, dt)
        assertTensor(c, shape: shape, want, tol: t, "cumsum \(dt) axis \(axis)")
        // diff, n = 1 and 2, by hand.
        for n in 1...2 {
          var cur = vv, curShape = shape
          for _ in 0..<n {
            var next = curShape
            next[a] -= 1
            cur = (0..<product(next)).map { i -> Double in
              var idx = unravel(i, next)
              let lo = cur[ravel(idx, curShape)]
              idx[a] += 1
              return cur[ravel(idx, curShape)] - lo
            }
            curShape = next
          }
          assertTensor(try x.diff(n: n, axis: axis), shape: curShape, cur, tol: t, "diff n=\(n) axis \(axis)")
        }
      }
      // Flattened cumsum.
      var run = 0.0
      assertTensor(try x.cumsum(), shape: [60], vv.map { run += $0; return run }, tol: t, "flat")
    }
    XCTAssertEqual(try tensor([1, 4, 9, 16], [4]).diff(n: 2).toArray(), [2, 2])
    XCTAssertEqual(try tensor([1, 4, 9, 16], [4]).diff(n: 3).toArray(), [0])
    XCTAssertEqual(try tensor([1, 2], [2]).diff(n: 5).shape, [0])
    XCTAssertEqual(try tensor([1, 2], [2]).diff(n: 0).toArray(), [1, 2])
    assertThrows("diff: order must be ≥ 0", try tensor([1, 2], [2]).diff(n: -1))
    assertThrows("cumsum: axis 1 is out of range", try tensor([1, 2], [2]).cumsum(axis: 1))
  }

  func testTrapzMeshgrid() throws {
    let y = try tensor([0, 1, 4, 9], [4])
    XCTAssertEqual(try Tensor.trapz(y).item(), 0.5 + 2.5 + 6.5)
    XCTAssertEqual(try Tensor.trapz(y, dx: 0.5).item(), (0.5 + 2.5 + 6.5) / 2)
    XCTAssertEqual(try Tensor.trapz(y, x: tensor([0, 1, 3, 4], [4])).item(), 0.5 + 5 + 6.5)
    let (gx, gy) = try Tensor.meshgrid(tensor([1, 2, 3], [3]), tensor([10, 20], [2]))
    XCTAssertEqual(gx.shape, [2, 3])
    XCTAssertEqual(gx.toArray(), [1, 2, 3, 1, 2, 3])
    XCTAssertEqual(gy.toArray(), [10, 10, 10, 20, 20, 20])
    let (ix, iy) = try Tensor.meshgrid(tensor([1, 2, 3], [3]), tensor([10, 20], [2]), indexing: "ij")
    XCTAssertEqual(ix.shape, [3, 2])
    XCTAssertEqual(ix.toArray(), [1, 1, 2, 2, 3, 3])
    XCTAssertEqual(iy.toArray(), [10, 20, 10, 20, 10, 20])
  }
}
