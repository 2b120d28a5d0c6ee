// PyTorch weights with torch and neuraloperator (skipped, saying so, when python3 lacks them):
// the committed fixtures regenerate identically, and what saveweights writes loads with
// FNO(...).load_state_dict / nn.Sequential.load_state_dict and gives nos's outputs.
import Foundation
import NOSLang
import NOSStdlib
import NOSTestSupport
import XCTest

final class WeightRoundTripTests: XCTestCase {
  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("NOSIOTests/Fixtures").path

  private func python(_ code: String) -> (status: Int32, output: String)? {
    func run(_ c: String) -> (Int32, String)? {
      let (out, err, status) = runProcess("/usr/bin/env", ["python3", "-c", c])
      return status < 0 ? nil : (status, out + err)
    }
    guard let probe = run("import torch, neuralop, safetensors"), probe.0 == 0 else {
      print("WeightRoundTripTests: skipped, python3 lacks torch, neuralop or safetensors")
      return nil
    }
    return run(code)
  }

  private func temp() throws -> String {
    let dir = NSTemporaryDirectory() + "nos-weights-\(getpid())-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
  }

  /// make_weight_fixtures.py run again gives the committed tensors exactly.
  func testFixturesRegenerate() throws {
    let dir = try temp()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let script = """
      import subprocess, sys, torch
      from safetensors.torch import load_file
      src, out = '\(Self.fixtures)', '\(dir)'
      subprocess.run([sys.executable, f'{src}/make_weight_fixtures.py', out], check=True)
      for name in ['fno1d', 'fno2d', 'tfno2d', 'mlp', 'fno1d_io', 'fno2d_io', 'tfno2d_io',
                   'mlp_io']:
          a, b = load_file(f'{src}/{name}.safetensors'), load_file(f'{out}/{name}.safetensors')
          assert a.keys() == b.keys() and all(torch.equal(a[k], b[k]) for k in a), name
      for name in ['fno1d', 'mlp']:
          a = torch.load(f'{src}/{name}.pt', weights_only=False)
          b = torch.load(f'{out}/{name}.pt', weights_only=False)
          assert all(torch.equal(a[k], b[k]) for k in a if torch.is_tensor(a[k])), name
      print('ok')
      """
    guard let r = python(script) else { throw XCTSkip("torch/neuralop not importable") }
    XCTAssertEqual(r.output.trimmingCharacters(in: .whitespacesAndNewlines), "ok", r.output)
  }

  /// saveweights from nos → load_state_dict(strict) in PyTorch → the same outputs.
  func testPyTorchLoadsWhatSaveweightsWrites() throws {
    let dir = try temp()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let session = Stdlib.session(output: BufferOutput())
    _ = try session.run(source: """
      seed(11)
      f = fno(modes=[6, 4], width=5, layers=3, in_channels=2, out_channels=2, proj=10, \
      layout="neuralop", dtype="f32")
      x = f32(randn([2, 2, 12, 10]))
      saveweights(f, "\(dir)/f.pt")
      saveweights(f, "\(dir)/f.safetensors")
      t = tfno(modes=[8, 6], width=6, layers=2, proj=12, rank=0.2, layout="neuralop", \
      dtype="f32")
      saveweights(t, "\(dir)/t.safetensors")
      z = f32(randn([1, 1, 16, 12]))
      m = mlp([3, 6, 2], act="gelu", dtype="f32")
      u = f32(randn([5, 3]))
      saveweights(m, "\(dir)/m.safetensors")
      save("\(dir)/io.safetensors", {x: x, y: f(x), u: u, v: m(u), z: z, t: t(z)})
      """)
    let script = """
      import torch
      from neuralop.models import FNO, TFNO
      from safetensors.torch import load_file
      d = '\(dir)'
      io = load_file(f'{d}/io.safetensors')
      for sd in [torch.load(f'{d}/f.pt', weights_only=True), load_file(f'{d}/f.safetensors')]:
          f = FNO(n_modes=(6, 4), in_channels=2, out_channels=2, hidden_channels=5, n_layers=3,
                  projection_channel_ratio=2)
          f.load_state_dict(sd, strict=True)
          with torch.no_grad():
              y = f(io['x'])
          err = ((y - io['y']).abs().max() / io['y'].abs().max()).item()
          assert err < 1e-5, err
      t = TFNO(n_modes=(8, 6), in_channels=1, out_channels=1, hidden_channels=6, n_layers=2,
               projection_channel_ratio=2, rank=0.2)
      t.load_state_dict(load_file(f'{d}/t.safetensors'), strict=True)
      with torch.no_grad():
          y = t(io['z'])
      err = ((y - io['t']).abs().max() / io['t'].abs().max()).item()
      assert err < 1e-5, err
      m = torch.nn.Sequential(torch.nn.Linear(3, 6), torch.nn.GELU(), torch.nn.Linear(6, 2))
      m.load_state_dict(load_file(f'{d}/m.safetensors'), strict=True)
      with torch.no_grad():
          err = (m(io['u']) - io['v']).abs().max().item()
      assert err < 1e-6, err
      print('ok')
      """
    guard let r = python(script) else { throw XCTSkip("torch/neuralop not importable") }
    XCTAssertEqual(r.output.trimmingCharacters(in: .whitespacesAndNewlines), "ok", r.output)
  }
}
