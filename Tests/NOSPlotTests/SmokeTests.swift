// Placeholder so the test target builds; real tests replace it.
import XCTest
@testable import NOSPlot

final class NOSPlotSmokeTests: XCTestCase {
  func testModuleLoads() { XCTAssertTrue(true) }
}
