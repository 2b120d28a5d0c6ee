// The MPI runs (Tests/MPI/run.sh: mpirun -n 2 and -n 4 against the serial values); skipped
// with a message when mpirun or a nos binary is missing.
import Foundation
import NOSTestSupport
import XCTest

final class MPITests: XCTestCase {
  func testScriptsUnderMpirun() throws {
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/mpirun") else {
      throw XCTSkip("no mpirun (apt-get install openmpi-bin); MPI runs untested")
    }
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent().path
    let debug = root + "/.build/debug/nos"
    guard let bin = releaseBinary()
      ?? (FileManager.default.isExecutableFile(atPath: debug) ? debug : nil) else {
      throw XCTSkip("no nos binary; build it first")
    }
    let (out, err, code) = runProcess("/bin/bash", [root + "/Tests/MPI/run.sh", bin])
    XCTAssertEqual(code, 0, out + err)
    XCTAssertTrue(out.contains("mpi: 7 passed"), out + err)
  }
}
