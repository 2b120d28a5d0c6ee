// Checking a file gnuplot wrote before it replaces the user's figure: whole, of its format.
import Foundation

/// gnuplot exits normally even when its output could not be written (a full disk leaves a
/// 0-byte or cut file), so `savefig` checks the file before renaming it over the target:
/// non-empty, starting with the format's signature and ending with its trailer.
enum OutputCheck {
  /// Throws when `temp` is not a complete `ext` file; the message names `path` and says
  /// "No space left on device" when the folder is full.
  static func verify(_ temp: String, ext: String, path: String) throws {
    guard let data = FileManager.default.contents(atPath: temp), !data.isEmpty else {
      throw PlotError.failed(
        "cannot write \(path): \(reason(temp, "gnuplot wrote an empty file"))")
    }
    guard isComplete(data, ext: ext) else {
      throw PlotError.failed(
        "cannot write \(path): \(reason(temp, "gnuplot wrote an incomplete .\(ext) file"))")
    }
    // Flush before the rename, so a crash cannot leave a renamed but empty file.
    let fd = open(temp, O_RDONLY | O_CLOEXEC)
    if fd >= 0 {
      defer { close(fd) }
      if fsync(fd) != 0 {
        throw PlotError.failed("cannot write \(path): \(String(cString: strerror(errno)))")
      }
    }
  }

  /// True when `data` starts with the signature and ends with the trailer of `ext`.
  static func isComplete(_ data: Data, ext: String) -> Bool {
    let bytes = [UInt8](data)
    func starts(_ s: [UInt8]) -> Bool { bytes.starts(with: s) }
    let tail = bytes.suffix(32)
    switch ext {
    case "png":
      // IEND chunk: length 0, "IEND", CRC AE 42 60 82.
      return starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        && Array(bytes.suffix(12)) == [0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82]
    case "gif": return starts(Array("GIF8".utf8)) && bytes.last == 0x3B
    case "pdf":
      return starts(Array("%PDF".utf8)) && String(decoding: tail, as: UTF8.self).contains("%%EOF")
    case "svg":
      let text = String(decoding: tail, as: UTF8.self)
      let head = String(decoding: bytes.prefix(256), as: UTF8.self)
      return (head.contains("<?xml") || head.contains("<svg")) && text.contains("</svg>")
    default: return true
    }
  }

  /// "No space left on device" when the folder of `temp` has no free blocks, else `other`.
  private static func reason(_ temp: String, _ other: String) -> String {
    var st = statvfs()
    let dir = URL(fileURLWithPath: temp).deletingLastPathComponent().path
    if statvfs(dir, &st) == 0, st.f_bavail == 0 { return "No space left on device" }
    return other
  }
}
