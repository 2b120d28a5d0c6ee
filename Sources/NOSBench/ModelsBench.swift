// The models suite: FNO-1D/2-D, TFNO, DeepONet and the conv models' training steps.
import Foundation
import NOSGrad
import NOSLang
import NOSModels
import NOSStdlib
import NOSTensor

/// One training step of `model` on (inputs, target): rel_l2 (or mse), backward, Adam.
private func stepper(_ model: any Model, _ inputs: [Tensor], _ target: Tensor,
                     mse: Bool = false) throws -> () throws -> Void {
  let box = ParamsBox(try model.initialParams())
  let opt = try Adam(box, lr: 1e-3)
  let xs = inputs.map { Variable($0) }, y = Variable(target)
  return {
    try opt.step {
      let pred = try model.forward(box.params, xs)
      return mse ? try Losses.mse(pred, y) : try Losses.relativeL2(pred, y)
    }
  }
}

/// Times `body` as case `name` when `wanted` (NOS_BENCH_ONLY, main.swift) keeps it: for the
/// cases that share set-up; the others check `wanted` before building their model.
private func timed(_ name: String, runs: Int, _ body: () throws -> Void) rethrows {
  if wanted(name) { report(name, try median(runs: runs, body)) }
}

func modelsSuite(runs: Int) throws {
  Random.seed(0)
  for dt in [DType.f32, .f64] where wanted("FNO-1D step res 1024 \(dt)") {
    let fno = try FNO(modes: [16], width: 64, layers: 4, proj: 128, dtype: dt)
    let x = try Tensor.randn([20, 1, 1024], dtype: dt), y = try Tensor.randn([20, 1, 1024], dtype: dt)
    let step = try stepper(fno, [x], y)
    report("FNO-1D step res 1024 \(dt)", try median(runs: runs, step))
  }
  if wanted("FNO-2D step 64x64 f32") {
    let fno = try FNO(modes: [12, 12], width: 32, layers: 4, proj: 128, dtype: .f32)
    let x = try Tensor.randn([20, 1, 64, 64], dtype: .f32)
    let y = try Tensor.randn([20, 1, 64, 64], dtype: .f32)
    report("FNO-2D step 64x64 f32", try median(runs: runs, stepper(fno, [x], y)))
  }
  if wanted("TFNO-1D tucker 0.1 step f32") {
    let tfno = try FNO(modes: [16], width: 64, layers: 4, proj: 128,
                       factorization: .tucker(rank: 0.1), dtype: .f32)
    let x = try Tensor.randn([20, 1, 1024], dtype: .f32), y = try Tensor.randn([20, 1, 1024], dtype: .f32)
    report("TFNO-1D tucker 0.1 step f32", try median(runs: runs, stepper(tfno, [x], y)))
  }
  if wanted("DeepONet step f32") {
    let net = try DeepONet(branch: [100, 40, 40], trunk: [1, 40, 40], act: "relu", dtype: .f32)
    let u = try Tensor.randn([100, 100], dtype: .f32)
    let p = try Tensor.rand([100, 1], dtype: .f32), s = try Tensor.randn([100, 100], dtype: .f32)
    report("DeepONet step f32", try median(runs: runs, stepper(net, [u, p], s, mse: true)))
  }
  // The convolutional and frequency-domain models (scripts/bench-ref/convmodels.py).
  let x64 = try Tensor.randn([8, 1, 64, 64], dtype: .f32)
  let y64 = try Tensor.randn([8, 1, 64, 64], dtype: .f32)
  let conv: [(String, () throws -> any Model)] = [
    ("U-Net step 64x64 f32", { try UNet(dtype: .f32) }),
    ("T1-2D step 64x64 f32", { try T1(modes: [12, 12], dtype: .f32) }),
    ("MgNO step 64x64 f32", { try MgNO(dtype: .f32) })]
  for (name, model) in conv where wanted(name) {
    report(name, try median(runs: runs, stepper(model(), [x64], y64)))
  }
  // lsm and MG-TFNO (scripts/bench-ref/mgmodels.py): LSM with the Navier–Stokes patches 4×4
  // at width 32; mg_patch(tfno) with one level and padding 0.0625 (patches 40×40).
  let tfno = try FNO(modes: [12, 12], width: 32, layers: 4, inChannels: 2, proj: 128,
                     factorization: .tucker(rank: 0.1), dtype: .f32)
  let mg: [(String, () throws -> any Model)] = [
    ("LSM step 64x64 f32", { try LSM(width: 32, patches: [4, 4], dtype: .f32) }),
    ("MG-TFNO step 64x64 f32", { try MGPatch(tfno, levels: 1, padding: 0.0625) })]
  for (name, model) in mg where wanted(name) {
    report(name, try median(runs: runs, stepper(model(), [x64], y64)))
  }
  guard wanted("FNO-1D step via nos f32") || wanted("Neural ODE spiral step") else { return }
  // The same FNO-1D step written in the language (model object, closure step).
  let session = Stdlib.session(output: BufferOutput())
  try session.run(source: """
    seed(0); net = fno(modes=16, width=64, layers=4, proj=128, dtype="f32")
    x = randn(20, 1, 1024, dtype="f32"); y = randn(20, 1, 1024, dtype="f32"); opt = adam(net)
    """)
  try timed("FNO-1D step via nos f32", runs: runs) {
    try session.run(source: "opt.step(() -> rel_l2(net(x), y))")
  }
  // The torchdiffeq spiral demo's training step (scripts/bench-ref/models/node.nos).
  let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("scripts/bench-ref/models").path
  let node = Stdlib.session(output: BufferOutput())
  try node.run(source: "DT = \"f32\"\nrun(\"\(dir)/node.nos\")")
  try timed("Neural ODE spiral step f32", runs: runs) { try node.run(source: "node_step()") }
  // With reg="error": no PyTorch reference (torchdiffeq has no solver-heuristic regulariser
  // and is not installed here). The label carries the evaluations of f of one forward pass
  // with and without reg= at the same weights: equal, as the regulariser moves no step.
  let nfev = { (s: String) throws -> String in
    try node.run(source: s)
    guard case .record(let r)? = try node.run(source: "odeint_stats()"),
          let n = r["nfev"]?.asNumber else { return "?" }
    return String(Int(n))
  }
  let plain = try nfev("node_loss(NET)"), regularised = try nfev("node_loss_reg(NET)")
  try timed("Neural ODE spiral step reg=error f32 (nfev \(regularised), \(plain) without)",
            runs: runs) { try node.run(source: "node_step_reg()") }
}
