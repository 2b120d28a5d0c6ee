// Bounds on what a model constructor (or a model file) may ask for, checked before building.
import NOSTensor

/// Checks sizes before any parameter is built, so `fno(layers=1e9)` or a tiny model file
/// whose JSON says 10⁹ layers is an error at once instead of memory growing until the
/// machine dies.
enum ModelBudget {
  /// The most layers a model may have (neural operators use 4 to 8).
  static let maxLayers = 10_000
  /// Bytes each parameter tensor costs beyond its elements (objects, records).
  static let overhead = 512

  /// Refuses `layers` above `maxLayers` and parameter sets larger than the memory available.
  /// `perLayer` and `fixed` are element counts; `tensorsPerLayer` counts objects.
  static func check(_ name: String, layers: Int, perLayer: [[Int]], fixed: [[Int]],
                    tensorsPerLayer: Int, dtype: DType) throws {
    guard layers <= maxLayers else {
      throw TensorError("\(name): layers must be at most \(maxLayers), got \(layers)")
    }
    var total = 0
    func add(_ dims: [Int], times: Int) throws {
      var n = times, o = false
      for d in dims {
        (n, o) = n.multipliedReportingOverflow(by: d)
        if o { throw TensorError("\(name): too many parameters") }
      }
      (total, o) = total.addingReportingOverflow(n)
      if o { throw TensorError("\(name): too many parameters") }
    }
    for d in perLayer { try add(d, times: layers) }
    for d in fixed { try add(d, times: 1) }
    let (bytes, o) = total.multipliedReportingOverflow(by: dtype.size)
    if o { throw TensorError("\(name): too many parameters") }
    let extra = layers * tensorsPerLayer * overhead
    try MemoryGuard.check(bytes: bytes &+ extra, what: "the parameters of \(name)")
  }
}
