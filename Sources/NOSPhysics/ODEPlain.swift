// odeint for an f64 state that is not differentiated: the Runge–Kutta steps run on [Double]
// and f sees and returns tensors only at the call boundary (no tensor op per stage).
import NOSTensor

extension ODE {
  /// Solves y' = f(t, y) for a real f64 state `y0` and returns y at every time of `ts` as
  /// one tensor [len(ts), shape(y0)...]. The steps do the Tensor path's arithmetic in the
  /// same order (base + Σ cᵢ·vᵢ term by term), so both give the same numbers; f's result
  /// must have y0's shape and be real.
  public static func integratePlain(_ f: (Double, Tensor) throws -> Tensor, y0: Tensor,
                                    ts: [Double], options: ODEOptions = ODEOptions())
    throws -> Tensor
  {
    try solvePlain(f, y0: y0, ts: ts, options: options).values
  }

  /// `integratePlain` with the work it took.
  public static func solvePlain(_ f: (Double, Tensor) throws -> Tensor, y0: Tensor,
                                ts: [Double], options: ODEOptions = ODEOptions())
    throws -> (values: Tensor, stats: ODEStats)
  {
    try withoutActuallyEscaping(f) { f in
      let (ys, stats) = try solve(plainRHS(f, y0.shape), y0: try y0.doubles(), ts: ts,
                                  options: options)
      return (try stacked(ys, y0.shape), stats)
    }
  }

  /// `solvePlain` that also sums the regulariser `reg` over the accepted steps (see
  /// `solve(_:y0:ts:options:reg:)`); the regulariser is a plain number here.
  public static func solvePlain(_ f: (Double, Tensor) throws -> Tensor, y0: Tensor,
                                ts: [Double], options: ODEOptions, reg: ODERegulariser)
    throws -> (values: Tensor, reg: Double, stats: ODEStats)
  {
    try withoutActuallyEscaping(f) { f in
      let s = try solve(plainRHS(f, y0.shape), y0: try y0.doubles(), ts: ts, options: options,
                        reg: reg)
      return (try stacked(s.values, y0.shape), s.reg[0], s.stats)
    }
  }

  /// f on arrays: a fresh tensor of `shape` in, its values (checked) out.
  private static func plainRHS(_ f: @escaping (Double, Tensor) throws -> Tensor, _ shape: [Int])
    -> (Double, [Double]) throws -> [Double]
  {
    { t, y in
      let v = try f(t, try Tensor.from(y, shape: shape))
      guard v.shape == shape else { throw shapeError(v.shape, shape) }
      guard !v.dtype.isComplex else { throw TensorError("odeint: f must return real values") }
      return try v.doubles()
    }
  }

  /// The states as one tensor [len(ts), shape...].
  private static func stacked(_ ys: [[Double]], _ shape: [Int]) throws -> Tensor {
    var flat: [Double] = []
    flat.reserveCapacity(ys.count * shape.reduce(1, *))
    for y in ys { flat += y }
    return try Tensor.from(flat, shape: [ys.count] + shape)
  }
}
