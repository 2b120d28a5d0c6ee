// SIGINT becomes a flag (the running cell stops with "interrupted"); SIGPIPE is ignored so a
// closed pipe or a dead gnuplot is an error, not the end of the session.
import Foundation
import NOSLang

public enum Signals {
  /// Installs the handlers once per process.
  public static func install() {
    _ = Interrupt.shared  // initialise before the handler can touch it
    PromptInterrupt.flag.store(false, ordering: .relaxed)
    signal(SIGPIPE, SIG_IGN)
    var action = sigaction()
    action.__sigaction_handler.sa_handler = { _ in
      Interrupt.shared.request()
      PromptInterrupt.flag.store(true, ordering: .relaxed)
    }
    sigemptyset(&action.sa_mask)
    action.sa_flags = 0  // no SA_RESTART: a blocking read returns so readline can react
    sigaction(SIGINT, &action, nil)
  }
}
