// The kernel's wire format and signatures, checked against Python's hmac and the protocol.
import Foundation
import XCTest

@testable import NOSKernel

final class WireTests: XCTestCase {
  let signer = Signer(key: Array("secret-key".utf8))

  func testHMACMatchesPython() {
    // python3: hmac.new(b'key', b'The quick brown fox jumps over the lazy dog', sha256)
    let s = Signer(key: Array("key".utf8))
    let fox = [Data("The quick brown fox ".utf8), Data("jumps over the lazy dog".utf8)]
    XCTAssertEqual(s.sign(fox),
                   "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8")
    // python3: hmac.new(b'secret-key', b'{"a":1}{}{}{"b":2}', sha256)
    let frames = ["{\"a\":1}", "{}", "{}", "{\"b\":2}"].map { Data($0.utf8) }
    XCTAssertEqual(signer.sign(frames),
                   "ae76aeefcff0c221ecc815b72f45810b47290f404ee280ab6c161755f7ddc94b")
  }

  func testRoundTripKeepsIdentitiesAndContent() throws {
    var m = Message(type: "execute_request", parent: nil, session: "s", content: ["code": "1+2"])
    m.identities = [Data("client-1".utf8)]
    let frames = Wire.encode(m, signer: signer)
    XCTAssertEqual(frames[1], Wire.delimiter)
    let back = try Wire.decode(frames, signer: signer)
    XCTAssertEqual(back.identities, [Data("client-1".utf8)])
    XCTAssertEqual(back.type, "execute_request")
    XCTAssertEqual(back.content["code"] as? String, "1+2")
  }

  func testWrongUnsignedAndTruncatedMessagesAreRejected() {
    let m = Message(type: "execute_request", parent: nil, session: "s", content: ["code": "1"])
    var frames = Wire.encode(m, signer: signer)
    let other = Signer(key: Array("other".utf8))
    XCTAssertThrowsError(try Wire.decode(frames, signer: other))
    var unsigned = frames
    unsigned[1] = Data()
    XCTAssertThrowsError(try Wire.decode(unsigned, signer: signer))
    var tampered = frames
    tampered[5] = Data("{\"code\":\"2\"}".utf8)
    XCTAssertThrowsError(try Wire.decode(tampered, signer: signer))
    frames.removeLast()
    XCTAssertThrowsError(try Wire.decode(frames, signer: signer))
    XCTAssertThrowsError(try Wire.decode([Data("garbage".utf8)], signer: signer))
  }

  func testContinuationRuleAndCallContext() {
    XCTAssertEqual(Introspection.isComplete(["code": "x = 1"])["status"] as? String, "complete")
    XCTAssertEqual(Introspection.isComplete(["code": "fn f(x) {"])["status"] as? String,
                   "incomplete")
    XCTAssertEqual(Introspection.isComplete(["code": "x = )"])["status"] as? String, "invalid")
    let chars = Array("y = fit(model, data, l")
    XCTAssertEqual(Introspection.enclosingCall(chars, before: chars.count - 1), "fit")
    let closed = Array("f(1) + g")
    XCTAssertNil(Introspection.enclosingCall(closed, before: closed.count - 1))
  }
}
