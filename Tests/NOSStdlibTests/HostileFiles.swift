// Builders of hostile files: archives and headers whose declared sizes lie about their data.
import Foundation

enum HostileFiles {
  /// A zip (`.npz`) with one deflated member "a.npy" holding `actual` zero bytes in stored
  /// deflate blocks while its headers declare `declared` bytes (< 4 GiB, no zip64).
  static func lyingZip(declared: Int, actual: Int) -> Data {
    var deflate = Data()
    var left = actual
    repeat {
      let n = min(left, 65535)
      left -= n
      deflate.append(left == 0 ? 1 : 0)  // BFINAL, BTYPE 00 (stored)
      le(&deflate, n, 2)
      le(&deflate, n ^ 0xFFFF, 2)
      deflate.append(Data(count: n))
    } while left > 0
    let name = Data("a.npy".utf8)
    var zip = Data()
    func header(central: Bool) {
      le(&zip, central ? 0x0201_4B50 : 0x0403_4B50, 4)
      if central { le(&zip, 20, 2) }
      le(&zip, 20, 2)
      le(&zip, 0, 2)  // flags
      le(&zip, 8, 2)  // deflate
      le(&zip, 0, 4)  // time, date
      le(&zip, 0, 4)  // CRC (never reached)
      le(&zip, deflate.count, 4)
      le(&zip, declared, 4)
      le(&zip, name.count, 2)
      le(&zip, 0, 2)
      if central {
        le(&zip, 0, 2 + 2 + 2 + 4)  // comment, disk, internal and external attributes
        le(&zip, 0, 4)  // local header offset
      }
      zip.append(name)
    }
    header(central: false)
    zip.append(deflate)
    let cd = zip.count
    header(central: true)
    let cdSize = zip.count - cd
    le(&zip, 0x0605_4B50, 4)
    le(&zip, 0, 4)
    le(&zip, 1, 2)
    le(&zip, 1, 2)
    le(&zip, cdSize, 4)
    le(&zip, cd, 4)
    le(&zip, 0, 2)
    return zip
  }

  /// Appends `v` little-endian in `n` bytes.
  static func le(_ d: inout Data, _ v: Int, _ n: Int) {
    for i in 0..<n { d.append(UInt8(truncatingIfNeeded: v >> (8 * min(i, 7)) & (i < 8 ? 0xFF : 0))) }
  }
}
