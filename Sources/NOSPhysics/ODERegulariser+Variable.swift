// The regularisers on autodiff variables: each step's estimate is built from the stages with
// differentiable ops, so `grad` reaches the parameters of f through it (steps are constants).
import NOSGrad
import NOSTensor

extension Variable: ODEPenalised {
  /// |h|·E or |h|·S on the tape, computed in f64 (an f32 state's stages are cast up, as the
  /// step control sums them in double precision: the error estimate is a small difference of
  /// stages that f32 arithmetic would drown) and returned in the state's dtype. E
  /// differentiates the scale atol + rtol·max(|y|, |y_new|) too (the whole function the step
  /// control evaluates).
  public static func penalty(_ kind: ODERegulariser, _ step: ODEAcceptedStep<Variable>,
                             _ options: ODEOptions) throws -> Variable? {
    let ks = try step.stages.map(up), dt = DType.f64
    let value: Variable
    switch kind {
    case .error:
      let e = try linear(step.errorWeights, ks)
      let big = try extremum(unary(.abs, up(step.y)), unary(.abs, up(step.yNew)), isMax: true)
      let scale = try add(constant(options.atol, dt), mul(big, constant(options.rtol, dt)))
      let r = try div(e, scale)
      let meanSquare = try reduceMean(mul(r, r))
      guard try meanSquare.value.item() > 0 else { return nil }
      value = try unary(.sqrt, meanSquare)
    case .stiffness:
      let dk = try sub(ks[ks.count - 1], ks[ks.count - 2])
      let dy = try linear(step.gapWeights, ks)
      let num = try reduceSum(mul(dk, dk)), den = try reduceSum(mul(dy, dy))
      guard try num.value.item() > 0, try den.value.item() > 0 else { return nil }
      value = try unary(.sqrt, div(num, den))
    }
    let term = try mul(value, constant(abs(step.h), dt))
    return step.y.dtype == dt ? term : try cast(term, step.y.dtype)
  }

  /// The value in f64 (differentiably).
  static func up(_ v: Variable) throws -> Variable { v.dtype == .f64 ? v : try cast(v, .f64) }

  public static func total(_ terms: [Variable], like y0: Variable) throws -> Variable {
    guard var sum = terms.first else { return constant(0, y0.dtype) }
    for t in terms.dropFirst() { sum = try add(sum, t) }
    return sum
  }

  /// Σⱼ wⱼ·kⱼ over the nonzero weights, in stage order.
  static func linear(_ w: [Double], _ ks: [Variable]) throws -> Variable {
    var out: Variable?
    for (j, c) in w.enumerated() where c != 0 && j < ks.count {
      let term = try mul(ks[j], constant(c, ks[j].dtype))
      out = try out.map { try add($0, term) } ?? term
    }
    return try out ?? mul(ks[0], constant(0, ks[0].dtype))
  }

  static func constant(_ x: Double, _ dtype: DType) -> Variable {
    Variable(Tensor(x, dtype: dtype))
  }
}
