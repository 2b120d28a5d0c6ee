// While a notebook cell runs, figures it shows are rendered to PNG and collected here
// instead of going to the screen.
import Foundation

public enum FigureCapture {
  nonisolated(unsafe) private static var images: [Data]?

  /// True between begin() and end(): plot sinks should call `add` with PNG bytes.
  public static var isActive: Bool { images != nil }

  public static func begin() { images = [] }

  public static func add(_ png: Data) { images?.append(png) }

  /// The images collected since begin(); capturing stops.
  public static func end() -> [Data] {
    defer { images = nil }
    return images ?? []
  }
}
