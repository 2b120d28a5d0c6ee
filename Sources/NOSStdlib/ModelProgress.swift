// fit's progress: a redrawn bar with loss, samples/s and ETA on a terminal, else a line per epoch.
import Foundation
import NOSLang

final class Progress {
  let output: TextOutput
  let epochs: Int
  let samples: Int
  let terminal: Bool
  private var start = Date()
  private var epochStart = Date()
  private var epoch = 0
  private var lastDraw = Date.distantPast

  init(output: TextOutput, epochs: Int, samples: Int, terminal: Bool) {
    self.output = output
    self.epochs = epochs
    self.samples = samples
    self.terminal = terminal
  }

  func startEpoch(_ e: Int) {
    epoch = e
    epochStart = Date()
    if e == 1 { start = epochStart }
  }

  func batch(seen: Int, loss: Double) {
    guard terminal else { return }
    let now = Date()
    guard now.timeIntervalSince(lastDraw) > 0.1 || seen == samples else { return }
    lastDraw = now
    let done = Double(epoch - 1) + Double(seen) / Double(max(samples, 1))
    let elapsed = now.timeIntervalSince(start)
    let rate = Double(seen) / max(now.timeIntervalSince(epochStart), 1e-9)
    let eta = done > 0 ? elapsed / done * (Double(epochs) - done) : 0
    let width = 24, filled = min(width, Int(Double(width) * done / Double(max(epochs, 1))))
    let bar = String(repeating: "=", count: filled) + String(repeating: " ", count: width - filled)
    output.write("\r\u{1B}[2Kepoch \(epoch)/\(epochs) [\(bar)] loss \(num(loss)) "
      + "\(Int(rate)) samples/s ETA \(clock(eta))")
  }

  func endEpoch(loss: Double, val: Double?) {
    let v = val.map { "  val \(num($0))" } ?? ""
    if terminal {
      // Keep one bar; finish with a newline after the last epoch.
      output.write("\r\u{1B}[2Kepoch \(epoch)/\(epochs)  loss \(num(loss))\(v)"
        + (epoch == epochs ? "\n" : ""))
    } else {
      output.write("epoch \(epoch)/\(epochs)  loss \(num(loss))\(v)\n")
    }
  }

  func interrupted(_ e: Int) {
    output.write((terminal ? "\n" : "") + "fit: interrupted in epoch \(e); the weights are kept\n")
  }

  private func num(_ x: Double) -> String { String(format: "%.4e", x) }

  private func clock(_ s: Double) -> String {
    guard s.isFinite, s >= 0, s < 1e7 else { return "--:--" }
    let t = Int(s)
    return t >= 3600 ? String(format: "%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60)
      : String(format: "%d:%02d", t / 60, t % 60)
  }
}
