// Multigrid patching's index maps: which input rows and columns each patch window reads.
import Foundation
import NOSGrad
import NOSTensor

extension MGPatch {
  /// The input index read by point r of patch i's window on level l along an axis of size
  /// `size` (n = 2^levels patches, p the padding): level 0 reads i·s − p + r; level l reads
  /// the subsampled axis (size/2^l points) at i·(s/2^l) − q + r, q = ⌈(s + (n − 1)·s/2^l −
  /// size/2^l)/2⌉ + p, s = size/n, both periodically (neuraloperator's circular padding).
  static func windows(_ size: Int, levels: Int, level l: Int, pad p: Int) -> [[Int]] {
    let n = 1 << levels, s = size / n
    let sub = size >> l, stride = s >> l
    let q = l == 0 ? p : (s + (n - 1) * stride - sub + 1) / 2 + p
    return (0..<n).map { i in
      (0..<(s + 2 * p)).map { r in
        let k = ((i * stride - q + r) % sub + sub) % sub
        return k << l
      }
    }
  }

  /// A one-hot [n·R, size] matrix: row (i, r) picks the input index of window i's point r.
  private static func selector(_ rows: [[Int]], _ size: Int, _ dtype: DType) throws -> Variable {
    let flat = rows.flatMap { $0 }
    var v = [Double](repeating: 0, count: flat.count * size)
    for (j, k) in flat.enumerated() { v[j * size + k] = 1 }
    return Variable(try Tensor(v, shape: [flat.count, size], dtype: dtype))
  }

  /// [B, C, H, W] → [B·n², C·(levels + 1), H/n + 2p₁, W/n + 2p₂]: patch b·n² + i·n + j
  /// holds row block i, column block j; channels level-major (the patch itself first).
  public static func patch(_ x: Variable, levels: Int, pad: [Int]) throws -> Variable {
    let (b, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let n = 1 << levels
    let (r1, r2) = (h / n + 2 * pad[0], w / n + 2 * pad[1])
    var parts: [Variable] = []
    for l in 0...levels {
      let sr = try selector(windows(h, levels: levels, level: l, pad: pad[0]), h, x.dtype)
      let sc = try selector(windows(w, levels: levels, level: l, pad: pad[1]), w, x.dtype)
      let y = try matmul(matmul(sr, x), transposeLast(sc))  // [B, C, n·R₁, n·R₂]
      let t = try permute(reshape(y, [b, c, n, r1, n, r2]), [0, 2, 4, 1, 3, 5])
      parts.append(try reshape(t, [b * n * n, c, r1, r2]))
    }
    return parts.count == 1 ? parts[0] : try concat(parts, axis: 1)
  }

  /// The inverse of `patch` on the first level's channels: crop p from every side of
  /// [B·n², C, H/n + 2p₁, W/n + 2p₂] and put the patches back in place: [B, C, H, W].
  public static func stitch(_ y: Variable, levels: Int, pad: [Int]) throws -> Variable {
    let n = 1 << levels
    let (bn, c) = (y.shape[0], y.shape[1])
    let (s1, s2) = (y.shape[2] - 2 * pad[0], y.shape[3] - 2 * pad[1])
    guard bn % (n * n) == 0, s1 > 0, s2 > 0 else {
      throw TensorError("mg_patch: cannot stitch \(shapeText(y.shape)) from \(n) × \(n) "
        + "patches with padding \(shapeText(pad))")
    }
    var z = y
    if pad != [0, 0] {
      z = try getIndex(y, [.all, .all, .slice(start: pad[0], stop: pad[0] + s1, step: 1),
                           .slice(start: pad[1], stop: pad[1] + s2, step: 1)])
    }
    z = try permute(reshape(z, [bn / (n * n), n, n, c, s1, s2]), [0, 3, 1, 4, 2, 5])
    return try reshape(z, [bn / (n * n), c, n * s1, n * s2])
  }
}
