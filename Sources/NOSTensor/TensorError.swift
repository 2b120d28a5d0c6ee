// The one error type of the numeric core: a message naming the operation and the shapes.

public struct TensorError: Error, CustomStringConvertible, Equatable, Sendable {
  public let message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}

/// Formats a shape the way every message shows it: `[3, 4]` (the one copy every module uses).
public func shapeText(_ shape: [Int]) -> String {
  "[" + shape.map(String.init).joined(separator: ", ") + "]"
}
