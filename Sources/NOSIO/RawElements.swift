// Raw little-endian element buffers of other frameworks (safetensors, PyTorch, MATLAB) as tensors.
import NOSTensor

/// An element type as another framework stores it. Loading keeps f32, f64, c64, c128 and
/// bool; half floats (f16, bf16) widen to f32; integers widen to i64, as `.npy` files do.
enum RawElement: Equatable {
  case f64, f32, f16, bf16, c64, c128, bool
  case signed(Int), unsigned(Int)

  /// Bytes per element.
  var size: Int {
    switch self {
    case .f64, .c64: 8
    case .f32: 4
    case .f16, .bf16: 2
    case .c128: 16
    case .bool: 1
    case .signed(let n), .unsigned(let n): n
    }
  }

  /// The dtype of the loaded tensor.
  var dtype: DType {
    switch self {
    case .f32, .f16, .bf16: .f32
    case .c64: .c64
    case .c128: .c128
    case .bool: .bool
    case .signed, .unsigned: .i64
    default: .f64
    }
  }

  /// The raw element a tensor of `dtype` is written as.
  init(_ dtype: DType) {
    switch dtype {
    case .f32: self = .f32
    case .f64: self = .f64
    case .c64: self = .c64
    case .c128: self = .c128
    case .bool: self = .bool
    case .i64: self = .signed(8)
    }
  }

  /// A tensor of `shape` from the little-endian `bytes` (which must hold exactly enough).
  func tensor(_ bytes: UnsafeRawBufferPointer, shape: [Int]) throws -> Tensor {
    let count = try RawElement.count(shape)
    let (need, o) = count.multipliedReportingOverflow(by: size)
    guard !o, need == bytes.count else {
      throw Malformed("\(need) bytes expected for shape \(shape), found \(bytes.count)")
    }
    let t = try Tensor(uninitialized: shape, dtype: dtype)
    guard count > 0, let src = bytes.baseAddress else { return t }
    let dst = t.storage.raw + t.offset * t.dtype.size
    switch self {
    case .f16: halves(src, count, dst, RawElement.f16ToFloat)
    case .bf16: halves(src, count, dst) { Float(bitPattern: UInt32($0) << 16) }
    default:
      let npy: NPYElement = switch self {
      case .f64: NPYElement(dtype: .f64)
      case .f32: NPYElement(dtype: .f32)
      case .c64: NPYElement(dtype: .c64)
      case .c128: NPYElement(dtype: .c128)
      case .bool: NPYElement(dtype: .bool)
      case .signed(let n): try NPYElement(descr: "<i\(n)")
      default: try NPYElement(descr: "<u\(size)")
      }
      try NPY.convert(src, count, npy, into: t)
    }
    return t
  }

  /// The element count of `shape`, refusing negative or overflowing sizes.
  static func count(_ shape: [Int]) throws -> Int {
    var n = 1
    for d in shape {
      guard d >= 0 else { throw Malformed("negative size in shape \(shape)") }
      let (c, o) = n.multipliedReportingOverflow(by: d)
      guard !o else { throw Malformed("absurd shape \(shape)") }
      n = c
    }
    return n
  }

  private func halves(_ src: UnsafeRawPointer, _ n: Int, _ dst: UnsafeMutableRawPointer,
                      _ widen: (UInt16) -> Float) {
    let d = dst.assumingMemoryBound(to: Float.self)
    for i in 0..<n {
      d[i] = widen(UInt16(littleEndian: src.loadUnaligned(fromByteOffset: 2 * i,
                                                          as: UInt16.self)))
    }
  }

  /// IEEE 754 binary16 → binary32 (subnormals, infinities and NaN included).
  static func f16ToFloat(_ h: UInt16) -> Float {
    let sign: Float = h & 0x8000 != 0 ? -1 : 1
    let e = Int(h >> 10 & 0x1F), m = Float(h & 0x3FF)
    if e == 0 { return sign * m * 0x1p-24 }
    if e == 31 { return m == 0 ? sign * .infinity : .nan }
    return sign * (1 + m / 1024) * Float(sign: .plus, exponent: e - 15, significand: 1)
  }
}
