// einsum against explicit loops: contractions, transposes, traces, outer products, errors.
import Numerics
import XCTest
@testable import NOSTensor

final class EinsumTests: XCTestCase {
  /// Reference einsum by brute force over every assignment of the letters.
  func naiveEinsum(_ spec: String, _ ops: [([Complex<Double>], [Int])], out: [Character]) -> [Complex<Double>] {
    let parts = spec.filter { !$0.isWhitespace }.components(separatedBy: "->")[0].split(separator: ",").map(Array.init)
    var sizes: [Character: Int] = [:]
    for (letters, op) in zip(parts, ops) { for (c, n) in zip(letters, op.1) { sizes[c] = n } }
    let letters = Array(sizes.keys).sorted()
    let outShape = out.map { sizes[$0]! }
    var result = [Complex<Double>](repeating: .zero, count: product(outShape))
    let total = product(letters.map { sizes[$0]! })
    for flat in 0..<total {
      let idx = unravel(flat, letters.map { sizes[$0]! })
      var value = Dictionary(uniqueKeysWithValues: zip(letters, idx))
      var term = Complex<Double>.one
      for (ls, op) in zip(parts, ops) { term = term * op.0[ravel(ls.map { value[$0]! }, op.1)] }
      value = value.filter { out.contains($0.key) }
      result[ravel(out.map { value[$0]! }, outShape)] = result[ravel(out.map { value[$0]! }, outShape)] + term
    }
    return result
  }

  func check(_ spec: String, _ shapes: [[Int]], out: String, dt: DType = .f64, seed: UInt64 = 70,
             expectError: Bool = false, file: StaticString = #filePath, line: UInt = #line) throws {
    var rng = TestRNG(seed)
    let ops = shapes.map { s -> ([Complex<Double>], [Int]) in
      let v = dt.isComplex ? rng.complexArray(product(s)) : real(rng.array(product(s)))
      return (dt.isDouble ? v : asFloat(v), s)
    }
    let tensors = try ops.map { try ctensor($0.0, $0.1).astype(dt) }
    if expectError {
      assertThrows("einsum", try Tensor.einsum(spec, tensors), file: file, line: line)
      return
    }
    let r = try Tensor.einsum(spec, tensors)
    let want = naiveEinsum(spec, ops, out: Array(out))
    let sizes = Dictionary(zip(shapes.indices.flatMap { i in
      Array(spec.filter { !$0.isWhitespace }.components(separatedBy: "->")[0].split(separator: ",")[i]) },
      shapes.flatMap { $0 }),
      uniquingKeysWith: { a, _ in a })
    XCTAssertEqual(r.shape, out.map { sizes[$0]! }, spec, file: file, line: line)
    XCTAssertEqual(r.dtype, dt, spec, file: file, line: line)
    assertClose(r.toComplexArray(), want, tol: dt.isDouble ? 1e-12 : 1e-5, spec, file: file, line: line)
  }

  func testSpecsAgainstLoops() throws {
    try check("bix,iox->box", [[2, 3, 4], [3, 5, 4]], out: "box")
    try check("ij,jk->ik", [[3, 4], [4, 5]], out: "ik")
    try check("ij->ji", [[3, 4]], out: "ji")
    try check("ii->", [[4, 4]], out: "")
    try check("ii->i", [[4, 4]], out: "i")
    try check("ij,ij->", [[3, 4], [3, 4]], out: "")
    try check("ij,ij->ij", [[3, 4], [3, 4]], out: "ij")
    try check("i,j->ij", [[3], [4]], out: "ij")
    try check("i,i->", [[5], [5]], out: "")
    try check("bij,bjk->bik", [[2, 3, 4], [2, 4, 5]], out: "bik")
    try check("bij,bjk->kib", [[2, 3, 4], [2, 4, 5]], out: "kib")
    try check("ij->", [[3, 4]], out: "")
    try check("ij->j", [[3, 4]], out: "j")
    try check("ijk->kji", [[2, 3, 4]], out: "kji")
    try check("ij,k->ijk", [[2, 3], [4]], out: "ijk")
    try check("ij,jk->ki", [[3, 4], [4, 5]], out: "ki")
    try check("iij,jk->ik", [[3, 3, 4], [4, 2]], out: "ik")
    try check("ij,kj->ik", [[3, 4], [5, 4]], out: "ik")
    try check(" ij , jk -> ik ", [[2, 3], [3, 2]], out: "ik")
    try check("ijk->ki", [[2, 3, 4]], out: "ki")
    try check("iii->i", [[3, 3, 3]], out: "i")
    try check("i,i->i", [[5], [5]], out: "i")
    try check("ij,jk->ik", [[3, 0], [0, 2]], out: "ik")
    try check("bij,jk->bik", [[2, 3, 4], [4, 2]], out: "bik")
    try check("ij,jk,->ik", [[2, 2], [2, 2], []], out: "ik", expectError: true)
  }

  func testImplicitOutput() throws {
    // Without "->": letters used once, in alphabetical order.
    try check("ij,jk", [[3, 4], [4, 5]], out: "ik")
    try check("ba", [[3, 4]], out: "ab")
    try check("ii", [[3, 3]], out: "")
    try check("ij,ij", [[3, 4], [3, 4]], out: "")
    try check("kj,ji", [[2, 3], [3, 4]], out: "ik")
  }

  func testComplexAndMixedOperands() throws {
    try check("bix,iox->box", [[2, 3, 4], [3, 5, 4]], out: "box", dt: .c128)
    try check("bix,iox->box", [[2, 3, 4], [3, 5, 4]], out: "box", dt: .c64)
    try check("ij,jk->ik", [[3, 4], [4, 5]], out: "ik", dt: .f32)
    try check("ii->", [[3, 3]], out: "", dt: .c128)
    // Real with complex promotes (the FNO spectral weights case).
    let x = try tensor([1, 2, 3, 4], [1, 2, 2])  // b i x
    let w = try ctensor([Complex(0, 1), Complex(1, 0), Complex(2, 0), Complex(0, -1)], [2, 1, 2])  // i o x
    let r = try Tensor.einsum("bix,iox->box", [x, w])
    XCTAssertEqual(r.dtype, .c128)
    XCTAssertEqual(r.shape, [1, 1, 2])
    // box[0,0,x] = sum_i x[0,i,x] w[i,0,x]: x=0: 1·i + 3·2 = 6+i; x=1: 2·1 + 4·(-i) = 2-4i.
    assertClose(r.toComplexArray(), [Complex(6, 1), Complex(2, -4)])
  }

  func testNonContiguousOperands() throws {
    var rng = TestRNG(71)
    let av = rng.array(12), bv = rng.array(20)
    let a = try tensor(av, [4, 3]).T  // [3, 4] view
    let b = try tensor(bv, [4, 5])
    let r = try Tensor.einsum("ij,jk->ik", [a, b])
    let at = (0..<12).map { av[($0 % 4) * 3 + $0 / 4] }
    assertClose(r.toComplexArray(), naiveMatmul(real(at), real(bv), 3, 4, 5))
  }

  func testErrors() throws {
    let a = try Tensor.zeros([3, 4]), b = try Tensor.zeros([5, 6])
    assertThrows("einsum: axis 'j' has sizes 4 and 5", try Tensor.einsum("ij,jk->ik", [a, b]))
    assertThrows("einsum: axis 'i' has sizes 3 and 4", try Tensor.einsum("ii->i", [a]))
    assertThrows("einsum: 'ijk' names 3 axes but the operand has shape [3, 4]", try Tensor.einsum("ijk->i", [a]))
    assertThrows("einsum: output axis 'z' does not appear in any input", try Tensor.einsum("ij->iz", [a]))
    assertThrows("einsum: output 'ii' repeats an axis", try Tensor.einsum("ij->ii", [a]))
    assertThrows("einsum: '...' is not supported", try Tensor.einsum("...i->i", [a]))
    assertThrows("einsum: '1' is not a letter", try Tensor.einsum("i1->i", [a]))
    assertThrows("more than one '->'", try Tensor.einsum("ij->ij->ij", [a]))
    assertThrows("names 2 operands but 1 were given", try Tensor.einsum("ij,jk->ik", [a]))
    assertThrows("names 1 operands but 3 were given", try Tensor.einsum("ij->ij", [a, a, a]))
    assertThrows("einsum", try Tensor.einsum("", [a]))
  }
}
