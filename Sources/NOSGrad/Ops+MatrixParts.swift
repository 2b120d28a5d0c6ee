// Matrix building blocks for decomposition gradients, and ops with several outputs.
import NOSTensor

/// Records the results of one decomposition as a single node: the parts are flattened and
/// packed along one axis, so the backward sees every output's gradient (zeros for unused
/// outputs) and the tracked outputs together, and higher derivatives work. Real parts of a
/// complex decomposition (singular values, eigenvalues) are packed as complex and come
/// back real.
enum MultiOutput {
  static func record(_ parts: [Tensor], input: Variable,
                     _ backward: @escaping ([Variable], [Variable], Variable) throws -> Variable)
    throws -> [Variable] {
    let dt = input.dtype.isComplex ? input.dtype : parts.map(\.dtype).reduce(input.dtype) {
      DType.promote($0, $1)
    }
    let batch = Array(input.shape.dropLast(2)), b = batch.reduce(1, *)
    let sizes = parts.map { $0.count / Swift.max(b, 1) }
    let flat = try parts.map { try $0.astype(dt).reshaped([b, $0.count / Swift.max(b, 1)]) }
    let packed = try Tensor.concat(flat, axis: 1)
    let shapes = parts.map(\.shape), types = parts.map(\.dtype)
    let unpack = { (v: Variable) throws -> [Variable] in
      var offset = 0
      return try sizes.indices.map { i in
        let part = try getIndex(v, [.all, .slice(start: offset, stop: offset + sizes[i], step: 1)])
        offset += sizes[i]
        return try cast(reshape(part, shapes[i]), types[i])
      }
    }
    let node = Variable.record(packed, [input]) { g, y, _, ins in
      [try backward(unpack(g), unpack(y), ins[0])]
    }
    return try unpack(node)
  }
}

/// Conjugate transpose of the last two axes.
func mH(_ x: Variable) throws -> Variable { try conjugate(transposeLast(x)) }

/// `[..., k]` → `[..., k, k]` with the vector on the diagonal.
func diagEmbed(_ s: Variable) throws -> Variable {
  let k = s.shape.last ?? 0
  return try mul(unsqueeze(s, axis: s.value.ndim), Variable(Tensor.eye(k, dtype: s.dtype)))
}

/// The diagonal `[..., k]` of square matrices `[..., k, k]`.
func diagonal(_ x: Variable) throws -> Variable {
  let k = x.shape.last ?? 0
  return try reduceSum(mul(x, Variable(Tensor.eye(k, dtype: x.dtype))), axes: [x.value.ndim - 1])
}

/// `[..., k]` as `[..., 1, k]` (scales columns when multiplied).
func rowVector(_ s: Variable) throws -> Variable { try unsqueeze(s, axis: s.value.ndim - 1) }

/// `[..., k]` as `[..., k, 1]` (scales rows when multiplied).
func columnVector(_ s: Variable) throws -> Variable { try unsqueeze(s, axis: s.value.ndim) }

/// F_ij = 1 / (x_j − x_i) off the diagonal, 0 on it (differentiable in x).
func pairInverse(_ x: Variable) throws -> Variable {
  let k = x.shape.last ?? 0
  let eye = try Tensor.eye(k, dtype: x.dtype)
  let gap = try add(sub(rowVector(x), columnVector(x)), Variable(eye))
  return try div(Variable(try Tensor.ones([k, k], dtype: x.dtype) - eye), gap)
}

/// The constant 0/1 mask of an n×n upper (or lower) triangle, diagonal included.
func triangle(_ n: Int, upper: Bool, _ dtype: DType) throws -> Variable {
  var values = [Double](repeating: 0, count: n * n)
  for i in 0..<n { for j in 0..<n where upper ? j >= i : j <= i { values[i * n + j] = 1 } }
  return Variable(try Tensor(values, shape: [n, n], dtype: dtype))
}

/// The first `k` entries along the axis `axisFromEnd` from the end (1: columns, 2: rows).
func leading(_ x: Variable, _ k: Int, axisFromEnd: Int) throws -> Variable {
  var idx = [TensorIndex](repeating: .all, count: x.value.ndim)
  idx[x.value.ndim - axisFromEnd] = .slice(start: 0, stop: k, step: 1)
  return try getIndex(x, idx)
}
