// The coordinate channels that t1 and the neuraloperator FNO append to their input.
import NOSTensor

/// `[1, d, spatial...]`: channel k holds the coordinate j/n_k along spatial axis k
/// (j = 0..<n_k), the same positions fno appends (FNO.swift keeps its own, cached copy).
func coordinateGrid(_ spatial: [Int], dtype: DType) throws -> Tensor {
  let d = spatial.count, size = spatial.reduce(1, *)
  var values = [Double](repeating: 0, count: d * size)
  for i in 0..<size {
    var r = i
    for k in stride(from: d - 1, through: 0, by: -1) {
      values[k * size + i] = Double(r % spatial[k]) / Double(spatial[k])
      r /= spatial[k]
    }
  }
  return try Tensor(values, shape: [1, d] + spatial, dtype: dtype)
}
