// While a notebook or kernel cell runs, figures it shows are rendered to PNG and collected
// here instead of going to the screen: one collector per session (`Session.figures`).
import Foundation

/// A session's figure collector. Used from its session's thread, one cell at a time.
public final class FigureCapture {
  private var images: [Data]?

  public init() {}

  /// True between begin() and end(): plot sinks should call `add` with PNG bytes.
  public var isActive: Bool { images != nil }

  public func begin() { images = [] }

  public func add(_ png: Data) { images?.append(png) }

  /// The images collected since begin(); capturing stops.
  public func end() -> [Data] {
    defer { images = nil }
    return images ?? []
  }
}
