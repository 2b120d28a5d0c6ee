// The version nos reports: the release number, and for `nos --version` the git commit.
import CBuildInfo

/// The release number (the REPL's banner, the Jupyter kernel's info).
public let versionString = "0.1.0"

/// `nos --version`: "0.1.0 (commit abc123def456)"; "commit unknown" when the build was not
/// made by scripts/nos or scripts/test (they record the commit first).
public let fullVersionString = "\(versionString) (commit \(String(cString: nos_build_commit())))"
