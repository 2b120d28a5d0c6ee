// The layers suite: a 3×3 conv2d, an LSM-sized attention block and the activations on a
// feature map, forward + backward (f32).
import Foundation
import NOSGrad
import NOSStdlib
import NOSTensor

/// Forward and backward of `f` with respect to `leaves` (gradients of sum(f · r), r fixed).
private func step(_ leaves: [Tensor], _ f: @escaping ([Variable]) throws -> Variable) throws
  -> () throws -> Void
{
  return {
    let vs = leaves.map { Variable.leaf(Variable($0)) }
    let y = try f(vs)
    let loss = try reduceSum(mul(y, y))
    _ = try Autodiff.gradients(of: loss, wrt: vs, createGraph: false)
  }
}

func layersSuite(runs: Int) throws {
  Random.seed(0)
  var o = ConvOptions()
  o.padding = (1, 1)
  let x = try Tensor.randn([20, 32, 64, 64], dtype: .f32)
  let w = try Tensor.randn([32, 32, 3, 3], dtype: .f32)
  if wanted("conv2d 3x3 [20,32,64,64] fwd+bwd f32") {
    report("conv2d 3x3 [20,32,64,64] fwd+bwd f32", try median(runs: runs, step([x, w]) {
      try conv2d($0[0], $0[1], bias: nil, o)
    }))
  }
  // LSM (Wu et al. 2023) at 64×64, width 64, 4 latent tokens: tokens attend to the grid,
  // then the grid attends back to the tokens.
  let grid = try Tensor.randn([20, 4096, 64], dtype: .f32)
  let tokens = try Tensor.randn([20, 4, 64], dtype: .f32)
  let name = "attention LSM [20,4096,64] x 4 tokens fwd+bwd f32"
  if wanted(name) {
    report(name, try median(runs: runs, step([grid, tokens]) {
      let t = try attention($0[1], $0[0], $0[0], heads: 1)
      return try attention($0[0], t, t, heads: 1)
    }))
  }
  // The activations on a U-Net-sized feature map (2^20 floats): one pass each way when fused.
  let fmap = try Tensor.randn([8, 32, 64, 64], dtype: .f32)
  for op in [UnaryOp.relu, .gelu, .sigmoid, .tanh, .sin] {
    let name = "\(op.rawValue) [8,32,64,64] fwd+bwd f32"
    if wanted(name) { report(name, try median(runs: runs, step([fmap]) { try unary(op, $0[0]) })) }
  }
}
