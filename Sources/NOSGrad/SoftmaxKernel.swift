// Softmax and its backward pass in one sweep over each slice, for f32 and f64 tensors.
import NOSTensor
import Numerics

enum SoftmaxKernel {
  /// A contiguous [outer, n, inner] view of `shape` around `axis`.
  static func split(_ shape: [Int], _ axis: Int) -> (outer: Int, n: Int, inner: Int) {
    (shape[..<axis].reduce(1, *), shape[axis], shape[(axis + 1)...].reduce(1, *))
  }

  /// exp(x − max) / Σ exp(x − max) along `axis` (a slice of −∞ only stays finite: its
  /// maximum counts as 0, as the composed form does).
  static func forward(_ x: Tensor, axis: Int) throws -> Tensor {
    let x = try x.contiguous()
    let y = try Tensor(uninitialized: x.shape, dtype: x.dtype)
    let (outer, n, inner) = split(x.shape, axis)
    func run<T: Real & BinaryFloatingPoint>(_: T.Type) {
      let xp = x.memory(as: T.self), yp = y.memory(as: T.self)
      Parallel.forRanges(outer * inner, cost: 4 * n) { range in
        for s in range {
          let base = (s / inner) * n * inner + s % inner
          var m = -T.infinity
          for i in 0..<n where xp[base + i * inner] > m { m = xp[base + i * inner] }
          if !m.isFinite { m = 0 }
          var sum: T = 0
          for i in 0..<n {
            let e = T.exp(xp[base + i * inner] - m)
            yp[base + i * inner] = e
            sum += e
          }
          let inv = 1 / sum
          for i in 0..<n { yp[base + i * inner] *= inv }
        }
      }
    }
    if x.dtype == .f32 { run(Float.self) } else { run(Double.self) }
    return y
  }

  /// y·(g − Σ g·y) along `axis`: the gradient of the input given the output's `g`.
  static func backward(_ g: Tensor, _ y: Tensor, axis: Int) throws -> Tensor {
    let g = try g.contiguous(), y = try y.contiguous()
    let out = try Tensor(uninitialized: y.shape, dtype: y.dtype)
    let (outer, n, inner) = split(y.shape, axis)
    func run<T: Real & BinaryFloatingPoint>(_: T.Type) {
      let gp = g.memory(as: T.self), yp = y.memory(as: T.self), op = out.memory(as: T.self)
      Parallel.forRanges(outer * inner, cost: 3 * n) { range in
        for s in range {
          let base = (s / inner) * n * inner + s % inner
          var dot: T = 0
          for i in 0..<n { dot += gp[base + i * inner] * yp[base + i * inner] }
          for i in 0..<n {
            let j = base + i * inner
            op[j] = yp[j] * (gp[j] - dot)
          }
        }
      }
    }
    if y.dtype == .f32 { run(Float.self) } else { run(Double.self) }
    return out
  }
}
