// Errors of reading and writing files: one message that names the file and the problem.
import NOSTensor

/// A file that could not be read or written. `message` names the file and says what is
/// wrong, e.g. `cannot load "u.npy": truncated data (header promises 800 bytes, file has 80)`.
public struct IOError: Error, CustomStringConvertible, Equatable, Sendable {
  public let message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }

  /// `cannot load "path": problem`.
  public static func load(_ path: String, _ problem: String) -> IOError {
    IOError("cannot load \"\(path)\": \(problem)")
  }

  /// `cannot save "path": problem`.
  public static func save(_ path: String, _ problem: String) -> IOError {
    IOError("cannot save \"\(path)\": \(problem)")
  }
}

/// A problem found while decoding bytes, before the file name is known; callers turn it
/// into an `IOError` with `IOError.load(path, problem)`.
struct Malformed: Error {
  let problem: String
  init(_ problem: String) { self.problem = problem }
}

/// Runs `body`, turning a `Malformed` problem (or a tensor too large for memory) into an
/// error naming `path`.
func naming<T>(_ path: String, _ body: () throws -> T) throws -> T {
  do { return try body() } catch let m as Malformed {
    throw IOError.load(path, m.problem)
  } catch let e as TensorError {
    throw IOError.load(path, e.message)
  }
}
