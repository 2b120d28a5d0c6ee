// The `nos` command: parses arguments and dispatches; all logic lives in the library targets.
import ArgumentParser
import Foundation
import NOSIO
import NOSKernel
import NOSRepl

struct Common: ParsableArguments {
  @Option(help: "Where plots go: window, terminal, file or off.") var plots: String?
  @Option(help: "Threads for nos's kernels, BLAS and FFTW.") var threads: Int?
  @Option(help: "Seed the random number stream before running.") var seed: Int?
  @Flag(help: "Small sizes for tutorials (quick() returns true).") var quick = false

  var launch: LaunchOptions {
    var o = LaunchOptions()
    o.threads = threads
    o.seed = seed
    o.quick = quick
    o.plots = plots
    return o
  }
}

/// Subcommands are dispatched by hand: ArgumentParser does not mix a root positional
/// argument (the script) with subcommands.
@main
enum Entry {
  static func main() {
    // Temporary files that a killed save left in this folder (their process is gone).
    StaleTemps.remove(in: FileManager.default.currentDirectoryPath)
    let args = Array(CommandLine.arguments.dropFirst())
    switch args.first {
    case "run": Run.main(Array(args.dropFirst()))
    case "check": Check.main(Array(args.dropFirst()))
    case "notebook": NotebookCommand.main(Array(args.dropFirst()))
    case "tutorial": TutorialCommand.main(Array(args.dropFirst()))
    case "kernel": KernelCommand.main(Array(args.dropFirst()))
    case "--generate-completion-script": CompletionTree.main(args)
    default: Nos.main(args)
    }
  }
}

struct Nos: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "nos",
    abstract: "A notebook-style scripting REPL for operator learning.",
    discussion: """
      nos                     start the REPL (runs stdin as a script when it is not a terminal)
      nos FILE.nos            run a script (exit 1 on error)
      nos -e "code"           run code and print the last value
      nos run FILE.nos        the same
      nos check FILE.nos      report syntax errors only
      nos notebook FILE.nos -o OUT.md|OUT.html|OUT.ipynb
                              run cell by cell and write a report or a Jupyter notebook
      nos tutorial [N|name]   list the tutorials, or step through one
      nos kernel install [--user | --prefix DIR]
                              install the Jupyter kernelspec "nos" (remove: nos kernel remove)
      """,
    version: fullVersionString)

  @Argument(help: "A .nos script to run.", completion: .file(extensions: ["nos"]))
  var file: String?
  @Option(name: .short, help: "Run code and print the last value.") var e: String?
  @OptionGroup var common: Common

  func run() throws {
    let code: Int32
    if let e { code = Launcher.snippet(e, common.launch) } else if let file {
      code = Launcher.script(file, common.launch)
    } else {
      code = Launcher.interactive(common.launch)
    }
    if code != 0 { throw ExitCode(code) }
  }
}

/// Only for `--generate-completion-script`: the command tree as shells should see it
/// (`Entry` dispatches the subcommands by hand; `scripts/nos install` writes the scripts).
/// It has no script argument: a positional at the top hides the subcommands from bash's
/// completion, so the installed bash script falls back to file names (`-o default`).
struct CompletionTree: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "nos",
    subcommands: [Run.self, Check.self, NotebookCommand.self, TutorialCommand.self,
                  KernelCommand.self])
  @Option(name: .short, help: "Run code and print the last value.") var e: String?
  @OptionGroup var common: Common
}

struct Run: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run", _superCommandName: "nos", abstract: "Run a .nos script.")
  @Argument(help: "The script.", completion: .file(extensions: ["nos"])) var file: String
  @OptionGroup var common: Common
  func run() throws {
    let code = Launcher.script(file, common.launch)
    if code != 0 { throw ExitCode(code) }
  }
}

struct Check: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check", _superCommandName: "nos",
    abstract: "Parse a .nos script and report syntax errors.")
  @Argument(help: "The script.", completion: .file(extensions: ["nos"])) var file: String
  func run() throws {
    let code = Launcher.check(file)
    if code != 0 { throw ExitCode(code) }
  }
}

struct NotebookCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "notebook", _superCommandName: "nos",
    abstract: "Run a percent-format .nos notebook cell by cell and write a report.")
  @Argument(help: "The notebook (cells start with '# %%').",
            completion: .file(extensions: ["nos"])) var file: String
  @Option(name: .short, help: "The report: OUT.md, OUT.html or OUT.ipynb.",
          completion: .file(extensions: ["md", "html", "ipynb"])) var o: String
  @Flag(help: "Keep going after a cell fails.") var allowErrors = false
  @OptionGroup var common: Common
  func run() throws {
    let code = Launcher.notebook(file, output: o, allowErrors: allowErrors, common.launch)
    if code != 0 { throw ExitCode(code) }
  }
}

struct TutorialCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tutorial", _superCommandName: "nos",
    abstract: "List the tutorials, or step through one.")
  @Argument(help: "A tutorial number or a word of its name.") var which: String?
  @OptionGroup var common: Common
  func run() throws {
    let code = Tutorials.command(which, common.launch)
    if code != 0 { throw ExitCode(code) }
  }
}

/// `nos kernel -f FILE` (run by Jupyter), `nos kernel install`, `nos kernel remove`.
struct KernelCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "kernel", _superCommandName: "nos",
    abstract: "Jupyter kernel: serve a connection file, or install/remove the kernelspec.",
    discussion: "NOS_QUICK=1 in the kernel's environment makes quick() true.")
  @Argument(help: "install or remove (omit with -f).") var action: String?
  @Option(name: .short, help: "The connection file Jupyter wrote.") var f: String?
  @Flag(help: "Install for the current user (the default).") var user = false
  @Option(help: "Install under DIR/share/jupyter/kernels.") var prefix: String?
  @Option(help: "Threads for nos's kernels, BLAS and FFTW.") var threads: Int?

  func run() throws {
    switch (action, f) {
    case (nil, let file?):
      var o = LaunchOptions()
      o.threads = threads
      o.quick = ProcessInfo.processInfo.environment["NOS_QUICK"] == "1"
      throw ExitCode(Kernel.run(connectionFile: file, o))
    case ("install", nil):
      print("installed kernelspec nos in \(try KernelSpec.install(prefix: prefix))")
    case ("remove", nil):
      print("removed kernelspec nos from \(try KernelSpec.remove(prefix: prefix))")
    default:
      throw ValidationError("use 'nos kernel -f FILE', 'nos kernel install' or 'nos kernel remove'")
    }
  }
}
