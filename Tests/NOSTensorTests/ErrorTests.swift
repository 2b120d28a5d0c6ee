// Bad input is an error, never a crash: huge or negative sizes, bad axes, item() of non-scalars.
import Numerics
import XCTest
@testable import NOSTensor

final class ErrorTests: XCTestCase {
  func testHugeAllocationsThrow() throws {
    for dt in DType.allCases {
      assertThrows("", try Tensor.zeros([1 << 40, 1 << 20], dtype: dt))
      assertThrows("", try Tensor.zeros([1 << 62, 4], dtype: dt))
      assertThrows("", try Tensor.ones([1 << 40, 1 << 20], dtype: dt))
      assertThrows("", try Tensor.full([1 << 62, 4], 1, dtype: dt))
      assertThrows("", try Tensor.rand([1 << 40, 1 << 20], dtype: dt))
      assertThrows("", try Tensor(uninitialized: [1 << 40], dtype: dt))  // 8+ TiB
      assertThrows("", try Tensor.eye(1 << 40, dtype: dt))
    }
    assertThrows("zeros: shape [4611686018427387904, 4] has too many elements", try Tensor.zeros([1 << 62, 4]))
    assertThrows("tensor too large", try Tensor.zeros([1 << 40, 1 << 20]))
    assertThrows("cannot allocate", try Tensor.zeros([1 << 40]))
    assertThrows("", try Tensor.zeros([Int.max, Int.max]))
    assertThrows("", try Tensor.linspace(0, 1, 1 << 50))
    assertThrows("", try Tensor.arange(0, 1e14))
    // Broadcasting a small tensor to a huge shape is only a view; materialising it throws.
    let big = try Tensor(1).broadcast(to: [1 << 40, 1 << 20])
    assertThrows("", try big.copied())
    assertThrows("", try big + 1)
    assertThrows("", try big.reshaped([-1]))
    // Huge operands to other ops.
    assertThrows("", try Tensor.matmul(Tensor.zeros([1 << 20, 1]), Tensor.zeros([1, 1 << 20])))
    assertThrows("", try Tensor.zeros([2]).fft(n: 1 << 40))
  }

  func testNegativeSizesThrow() {
    assertThrows("zeros: negative size in shape [2, -1]", try Tensor.zeros([2, -1]))
    assertThrows("negative size", try Tensor.ones([-3]))
    assertThrows("full: negative size in shape [-1]", try Tensor.full([-1], 0))
    assertThrows("negative size", try Tensor.eye(-2))
    assertThrows("negative size", try Tensor(uninitialized: [-5]))
    assertThrows("negative size", try Tensor([], shape: [0, -1]))
    assertThrows("linspace", try Tensor.linspace(0, 1, -3))
  }

  func testAxisOutOfRangeThrows() throws {
    let x = try Tensor.zeros([2, 3])
    let msg = "axis 2 is out of range for a tensor with 2 dimensions"
    assertThrows("sum: " + msg, try x.sum(axis: 2))
    assertThrows("mean: axis -3 is out of range", try x.mean(axis: -3))
    assertThrows("argmax: " + msg, try x.reduce(.argmax, axes: [2]))
    assertThrows("var: " + msg, try x.reduce(.var, axes: [0, 2]))
    assertThrows("cumsum: " + msg, try x.cumsum(axis: 2))
    assertThrows("diff: " + msg, try x.diff(axis: 2))
    assertThrows("squeeze: " + msg, try x.squeezed(axis: 2))
    assertThrows("unsqueeze: axis 3 is out of range", try x.unsqueezed(axis: 3))
    assertThrows("permute: " + msg, try x.permuted([2, 0]))
    assertThrows("transpose: " + msg, try x.transposed(0, 2))
    assertThrows("concat: " + msg, try Tensor.concat([x, x], axis: 2))
    assertThrows("stack: axis 3 is out of range", try Tensor.stack([x, x], axis: 3))
    assertThrows("too many indices", try x.get([.all, .all, .gather(tensor([0], [1]))]))
    assertThrows("axis \(Int.min) is out of range", try x.sum(axis: Int.min))
    assertThrows("axis \(Int.max) is out of range", try x.sum(axis: Int.max))
    assertThrows("sum: axis 0 is out of range for a tensor with 0 dimensions", try Tensor(1).sum(axis: 0))
    assertThrows("out of range", try x.norm(axis: 5))
  }

  func testItemOfNonScalarThrows() throws {
    assertThrows("item: tensor of shape [2] has 2 elements, not 1", try tensor([1, 2], [2]).item())
    assertThrows("item: tensor of shape [0] has 0 elements, not 1", try Tensor.zeros([0]).item())
    assertThrows("item: tensor of shape [2, 3] has 6 elements, not 1", try Tensor.zeros([2, 3]).complexItem())
    XCTAssertEqual(try tensor([4], [1, 1, 1]).item(), 4)
    XCTAssertEqual(try Tensor(4).item(), 4)
  }

  func testMiscellaneousBadInputs() throws {
    // Errors carry their message as the description.
    let e = TensorError("boom")
    XCTAssertEqual(e.description, "boom")
    XCTAssertEqual(e, TensorError("boom"))
    // Odd but valid shapes never crash.
    XCTAssertEqual(try Tensor.zeros([0, 0, 0]).reduce(.sum, axes: [1]).shape, [0, 0])
    XCTAssertEqual(try Tensor.zeros([3, 0]).cumsum(axis: 1).shape, [3, 0])
    XCTAssertEqual(try Tensor.zeros([0, 3]).cumsum(axis: 0).shape, [0, 3])
    XCTAssertEqual(try Tensor.zeros([0]).get([.slice(start: Int.min, stop: Int.max, step: Int.min)]).shape, [0])
    XCTAssertEqual(try Tensor.zeros([0, 2]).T.copied().shape, [2, 0])
    XCTAssertEqual(try Tensor.concat([Tensor.zeros([0])]).shape, [0])
    XCTAssertEqual(try Tensor.zeros([0, 3]).reduce(.mean, axes: [1]).shape, [0])
    XCTAssertTrue(try Tensor.zeros([0]).reduce(.mean).item().isNaN)
    XCTAssertEqual(try Tensor.zeros([2, 0]).reduce(.var, axes: [0]).shape, [0])
    assertThrows("", try Tensor.zeros([2, 3]).get([.at(0), .at(0), .at(0)]))
    assertThrows("", try Tensor.trapz(Tensor(1)))
    assertThrows("shape mismatch in trapz", try Tensor.trapz(Tensor.zeros([3]), x: Tensor.zeros([4])))
    assertThrows("meshgrid: needs 1-D tensors", try Tensor.meshgrid(Tensor.zeros([2, 2]), Tensor.zeros([2])))
    assertThrows("meshgrid: indexing must be", try Tensor.meshgrid(Tensor.zeros([2]), Tensor.zeros([2]), indexing: "xx"))
  }

  /// Regressions: inputs that used to trap instead of throwing or answering.
  func testFormerCrashes() throws {
    // broadcast(to:) accepted negative sizes and made a view whose count was negative.
    assertThrows("broadcast: cannot broadcast [] to [-1]", try Tensor(1).broadcast(to: [-1]))
    assertThrows("cannot broadcast [2] to [3, -2]", try Tensor.zeros([2]).broadcast(to: [3, -2]))
    // fft2 family with an s= of the wrong length indexed out of range.
    let x = try Tensor.zeros([4, 4])
    assertThrows("fft2: s must give 2 sizes, got []", try x.fft2(s: []))
    assertThrows("ifft2: s must give 2 sizes, got [4]", try x.ifft2(s: [4]))
    assertThrows("rfft2: s must give 2 sizes, got []", try x.rfft2(s: []))
    assertThrows("irfft2: s must give 2 sizes, got [1, 2, 3]", try x.irfft2(s: [1, 2, 3]))
    // var/std computed m - ddof in Int, which overflowed for extreme ddof.
    let v = try tensor([1, 2, 3, 4], [4])
    XCTAssertEqual(try v.reduce(.var, ddof: Int.min).item(), 5 / (4 + 0x1p63), accuracy: 1e-30)
    XCTAssertEqual(try v.reduce(.var, ddof: Int.max).item(), 5 / (4 - 0x1p63), accuracy: 1e-30)
    XCTAssertEqual(try v.reduce(.var, ddof: 4).item(), .infinity)
    XCTAssertEqual(try ctensor([.one, .zero], [2]).reduce(.std, ddof: Int.min).item(), (0.5 / 0x1p63).squareRoot(),
                   accuracy: 1e-15)
  }
}
