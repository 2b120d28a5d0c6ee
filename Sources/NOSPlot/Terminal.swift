// What the user's terminal can show: its size, sixel graphics, a display for windows.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

public enum TerminalInfo {
  /// Columns and lines of the terminal on stdout; else $COLUMNS/$LINES; else 80×24.
  public static func size() -> (columns: Int, lines: Int) {
    var w = winsize()
    if isatty(1) != 0, ioctl(1, UInt(TIOCGWINSZ), &w) == 0, w.ws_col > 0, w.ws_row > 0 {
      return (Int(w.ws_col), Int(w.ws_row))
    }
    let env = ProcessInfo.processInfo.environment
    let c = env["COLUMNS"].flatMap(Int.init) ?? 80, l = env["LINES"].flatMap(Int.init) ?? 24
    return (min(max(c, 30), 400), min(max(l, 10), 200))
  }

  /// The size of a text plot: the terminal's width, a height that keeps the plot readable.
  public static func textPlotSize() -> (columns: Int, lines: Int) {
    let (c, l) = size()
    return (c, max(12, min(l - 3, 25, c / 3)))
  }

  /// Whether an X11 or Wayland display is available for windows.
  public static var hasDisplay: Bool {
    let env = ProcessInfo.processInfo.environment
    return !(env["DISPLAY"] ?? "").isEmpty || !(env["WAYLAND_DISPLAY"] ?? "").isEmpty
  }

  /// Sixel support: NOS_SIXEL=1/0 decides; otherwise the terminal is asked for its device
  /// attributes (a reply with parameter 4 means sixel) when stdin and stdout are terminals.
  public static func supportsSixel() -> Bool {
    let env = ProcessInfo.processInfo.environment
    if let s = env["NOS_SIXEL"] { return s == "1" || s.lowercased() == "true" }
    guard isatty(0) != 0, isatty(1) != 0 else { return false }
    return queryDeviceAttributes()?.split(separator: ";").contains("4") ?? false
  }

  /// Sends `ESC [ c` to /dev/tty and reads the reply `ESC [ ? 62;4;22 c` (0.3 s at most).
  static func queryDeviceAttributes() -> String? {
    let fd = open("/dev/tty", O_RDWR | O_NOCTTY)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var saved = termios()
    guard tcgetattr(fd, &saved) == 0 else { return nil }
    var raw = saved
    raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
    withUnsafeMutableBytes(of: &raw.c_cc) { cc in
      cc[Int(VMIN)] = 0
      cc[Int(VTIME)] = 3
    }
    guard tcsetattr(fd, TCSANOW, &raw) == 0 else { return nil }
    defer { tcsetattr(fd, TCSANOW, &saved) }
    let query: [UInt8] = [27, 91, 99]
    guard write(fd, query, 3) == 3 else { return nil }
    var reply: [UInt8] = []
    var byte: UInt8 = 0
    while reply.count < 64, read(fd, &byte, 1) == 1 {
      reply.append(byte)
      if byte == UInt8(ascii: "c") { break }
    }
    guard let start = reply.firstIndex(of: UInt8(ascii: "?")), reply.last == UInt8(ascii: "c")
    else { return nil }
    return String(decoding: reply[(start + 1)..<(reply.count - 1)], as: UTF8.self)
  }
}
