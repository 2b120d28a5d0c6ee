// fit's progress as text: a redrawn bar on a terminal, else about 20 epoch lines.
import Foundation

/// What fit reports as text through `write` (the language sends it to stderr, tqdm's
/// convention, so a script's stdout holds only what it printed). `verbose` 0 is silent; 1
/// draws a bar on a terminal and otherwise writes epoch 1, every k-th epoch and the last, with
/// k = ⌈epochs/20⌉ (at most 21 lines per call); 2 writes every epoch (Keras's verbose=2).
public final class FitProgressText: FitProgress {
  let write: (String) -> Void
  let epochs: Int
  let samples: Int
  let terminal: Bool
  let verbose: Int
  private var start = Date()
  private var epochStart = Date()
  private var epoch = 0
  private var lastDraw = Date.distantPast

  /// Lines off a terminal are written for epoch 1, multiples of this, and the last epoch.
  public static func lineStride(epochs: Int) -> Int { max(1, (epochs + 19) / 20) }

  /// `terminal`: whether `write` reaches a terminal (then verbose=1 redraws a bar).
  public init(write: @escaping (String) -> Void, epochs: Int, samples: Int, terminal: Bool,
              verbose: Int) {
    self.write = write
    self.epochs = epochs
    self.samples = samples
    self.terminal = terminal
    self.verbose = verbose
  }

  /// Whether the redrawn bar is in use (a terminal at verbose=1).
  private var drawsBar: Bool { terminal && verbose == 1 }

  public func startEpoch(_ e: Int) {
    epoch = e
    epochStart = Date()
    if e == 1 { start = epochStart }
  }

  public func batch(seen: Int, loss: Double) {
    guard drawsBar else { return }
    let now = Date()
    guard now.timeIntervalSince(lastDraw) > 0.1 || seen == samples else { return }
    lastDraw = now
    let done = Double(epoch - 1) + Double(seen) / Double(max(samples, 1))
    let elapsed = now.timeIntervalSince(start)
    let rate = Double(seen) / max(now.timeIntervalSince(epochStart), 1e-9)
    let eta = done > 0 ? elapsed / done * (Double(epochs) - done) : 0
    let width = 24, filled = min(width, Int(Double(width) * done / Double(max(epochs, 1))))
    let bar = String(repeating: "=", count: filled) + String(repeating: " ", count: width - filled)
    write("\r\u{1B}[2Kepoch \(epoch)/\(epochs) [\(bar)] loss \(num(loss)) "
      + "\(Int(rate)) samples/s ETA \(clock(eta))")
  }

  public func endEpoch(loss: Double, val: Double?) {
    let v = val.map { "  val \(num($0))" } ?? ""
    let line = "epoch \(epoch)/\(epochs)  loss \(num(loss))\(v)"
    if drawsBar {
      // Keep one bar; finish with a newline after the last epoch.
      write("\r\u{1B}[2K" + line + (epoch == epochs ? "\n" : ""))
    } else if shows(epoch) {
      write(line + "\n")
    }
  }

  /// Whether a line is written for epoch `e` off the bar.
  private func shows(_ e: Int) -> Bool {
    switch verbose {
    case 0: return false
    case 2: return true
    default: return e == 1 || e == epochs || e % FitProgressText.lineStride(epochs: epochs) == 0
    }
  }

  public func interrupted(_ e: Int) {
    write((drawsBar ? "\n" : "") + "fit: interrupted in epoch \(e); the weights are kept\n")
  }

  private func num(_ x: Double) -> String { String(format: "%.4e", x) }

  private func clock(_ s: Double) -> String {
    guard s.isFinite, s >= 0, s < 1e7 else { return "--:--" }
    let t = Int(s)
    return t >= 3600 ? String(format: "%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60)
      : String(format: "%d:%02d", t / 60, t % 60)
  }
}
