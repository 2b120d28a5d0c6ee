// What the kernel tells clients about itself (kernel_info_reply).
import NOSRepl

enum KernelInfo {
  static var languageInfo: JSON {
    [
      "name": "nos", "version": versionString, "mimetype": "text/x-nos",
      "file_extension": ".nos", "pygments_lexer": "text", "codemirror_mode": "swift",
    ]
  }

  static var content: JSON {
    [
      "status": "ok", "protocol_version": "5.3", "implementation": "nos",
      "implementation_version": versionString, "language_info": languageInfo,
      "banner": "nos \(versionString) — a notebook-style REPL for operator learning",
      "help_links": [] as [Any],
    ]
  }
}
