// Placeholder so the test target builds; real tests replace it.
import XCTest
@testable import NOSPhysics

final class NOSPhysicsSmokeTests: XCTestCase {
  func testModuleLoads() { XCTAssertTrue(true) }
}
