// The `nos` command: parses arguments and dispatches; all logic lives in the library targets.
import ArgumentParser
import NOSTensor

@main
struct Nos: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "nos",
    abstract: "A notebook-style scripting REPL for operator learning.",
    version: NOSVersion.string)

  @Option(name: .long, help: "Threads for nos's kernels, BLAS and FFTW.")
  var threads: Int?

  func run() throws {
    if let threads { Runtime.setThreads(threads) }
    print("nos \(NOSVersion.string): the language arrives with the next release.")
  }
}
