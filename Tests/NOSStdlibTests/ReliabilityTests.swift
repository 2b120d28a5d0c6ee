// Issue 26 regressions that need more than a golden script: deep teardown, memory flatness,
// and the release binary under an address-space limit (a crash must show as an exit status).
import Foundation
import NOSIO
import NOSLang
import NOSStdlib
import NOSTestSupport
import XCTest

@testable import NOSPlot

final class ReliabilityTests: XCTestCase {
  /// Dropping a chain of nested closures (`f = mk(f)` in a loop) releases it with a loop: the
  /// chain is dropped on a thread with a 512 KiB stack, which 10⁵ nested deinits overflowed.
  func testDeepClosureChainIsReleasedIteratively() throws {
    let session = Stdlib.session(output: BufferOutput())
    try session.run(source: """
      fn mk(g) = x -> g(x)
      f = x -> x
      for i in 0..100000 { f = mk(f) }
      xs = []
      for i in 0..100000 { xs = [xs, {g: x -> xs}] }
      """)
    final class Holder: @unchecked Sendable { var values: [Value] = [] }
    let holder = Holder()
    holder.values = [session.global("f")!, session.global("xs")!]
    session.setGlobal("f", .nil)
    session.setGlobal("xs", .nil)
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
      holder.values = []
      done.signal()
    }
    thread.stackSize = 512 << 10
    thread.start()
    XCTAssertEqual(done.wait(timeout: .now() + 60), .success)
  }

  /// A function defined inside another that calls itself is freed when the outer call ends
  /// (its cell and closure form a cycle). 10⁵ calls grew the resident size by about 20 MB
  /// before the fix (≈200 bytes per call); the bound is 4 MB.
  func testLocalRecursiveFunctionDoesNotLeak() throws {
    let session = Stdlib.session(output: BufferOutput())
    try session.run(source: """
      fn outer(k) {
        fn inner(n) = if n > 0 { inner(n - 1) } else { k }
        return inner(3)
      }
      for i in 0..20000 { outer(i) }
      """)
    let before = residentBytes()
    try session.run(source: "for i in 0..100000 { outer(i) }")
    let growth = residentBytes() - before
    XCTAssertLessThan(growth, 4 << 20, "resident size grew by \(growth) bytes")
  }

  /// Cycle breaking keeps what is still reachable: a returned recursive function, a lambda
  /// that calls one, and mutually recursive functions returned in a list.
  func testReachableLocalFunctionsSurviveTheirFrame() throws {
    let out = BufferOutput()
    let session = Stdlib.session(output: out)
    try session.run(source: """
      fn mk() {
        fn g(n) = if n > 0 { g(n - 1) } else { 7 }
        return g
      }
      fn mk2() {
        fn g(n) = if n > 0 { g(n - 1) } else { 8 }
        return n -> g(n)
      }
      fn mk3() {
        fn a(n) = if n > 0 { b(n - 1) } else { 1 }
        fn b(n) = if n > 0 { a(n - 1) } else { 2 }
        return [a]
      }
      g = mk(); h = mk2(); ab = mk3()
      print(g(5), h(5), ab[0](5), ab[0](4))
      """)
    XCTAssertEqual(out.text, "7 8 2 1\n")
  }

  /// A tiny model file whose JSON says 10⁹ layers is refused before anything is built (memory
  /// grew until the machine died).
  func testModelFileWithAbsurdLayersIsRefused() throws {
    let dir = NSTemporaryDirectory() + "nos-model-\(getpid())"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let session = Stdlib.session(output: BufferOutput())
    try session.run(source: "savemodel(fno(modes=4, width=8, layers=1), \"\(dir)/m.nosm\")")
    var contents = try NPZ.read(path: dir + "/m.nosm")
    contents.texts = contents.texts.map { name, text in
      (name, name == "nos.json" ? text.replacingOccurrences(of: "\"layers\":1", with:
        "\"layers\":1000000000") : text)
    }
    XCTAssertTrue(contents.texts.contains { $0.text.contains("1000000000") }, "\(contents.texts)")
    try NPZ.write(path: dir + "/big.nosm", arrays: contents.arrays, texts: contents.texts)
    XCTAssertThrowsError(try session.run(source: "loadmodel(\"\(dir)/big.nosm\")")) { e in
      XCTAssertTrue("\(e)".contains("fno: layers must be at most 10000, got 1000000000"), "\(e)")
    }
  }

  /// readcsv is linear in the number of columns: 10⁵ columns took 30 s in a release build
  /// (each field was checked against all earlier names); the bound is 10 s in a debug build.
  func testReadCSVWithManyColumnsIsLinear() throws {
    let path = NSTemporaryDirectory() + "nos-wide-\(getpid()).csv"
    defer { try? FileManager.default.removeItem(atPath: path) }
    let n = 100_000
    let text = (0..<n).map { "c\($0)" }.joined(separator: ",") + "\n"
      + (0..<n).map { "\($0)" }.joined(separator: ",") + "\n"
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    let out = BufferOutput()
    let session = Stdlib.session(output: out)
    let start = Date()
    try session.run(source: "r = readcsv(\"\(path)\"); print(len(keys(r)), item(r.c99999))")
    XCTAssertEqual(out.text, "100000 99999\n")
    XCTAssertLessThan(Date().timeIntervalSince(start), 10)
  }

  /// readcsv sees Ctrl-C while it reads (it saw it only after returning).
  func testReadCSVIsInterruptible() throws {
    let path = NSTemporaryDirectory() + "nos-long-\(getpid()).csv"
    defer { try? FileManager.default.removeItem(atPath: path) }
    var text = "a,b\n"
    for i in 0..<1_000_000 { text += "\(i),\(i)\n" }
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    let interrupt = Interrupt()
    let session = Session(output: BufferOutput(), interrupt: interrupt)
    Stdlib.install(into: session, options: StdlibOptions())
    interrupt.request()  // as if Ctrl-C came while the file was being read
    XCTAssertThrowsError(try session.run(source: "readcsv(\"\(path)\")")) { e in
      XCTAssertTrue("\(e)".contains("interrupted"), "\(e)")
    }
  }

  /// savefig on a full disk is an error and keeps the old figure, in every format (it exited
  /// 0 and left a 0-byte file). Needs root to mount a 64 KiB tmpfs, and gnuplot.
  func testSavefigOnAFullDiskKeepsTheOldFigure() throws {
    let dir = NSTemporaryDirectory() + "nos-full-\(getpid())"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let (_, _, mounted) = runProcess("/bin/mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", dir])
    guard mounted == 0 else { throw XCTSkip("cannot mount a tmpfs (not root?)") }
    defer { _ = runProcess("/bin/umount", [dir]) }
    let session = Stdlib.session(output: BufferOutput())
    let formats = ["png", "svg", "pdf", "gif"]
    do {
      for f in formats { try session.run(source: "savefig(plot([1, 2, 3]), \"\(dir)/a.\(f)\")") }
    } catch { throw XCTSkip("savefig failed before the disk was full (no gnuplot?): \(error)") }
    let before = try formats.map { try Data(contentsOf: URL(fileURLWithPath: "\(dir)/a.\($0)")) }
    _ = runProcess("/bin/dd", ["if=/dev/zero", "of=\(dir)/fill", "bs=4k"])
    for (f, old) in zip(formats, before) {
      XCTAssertThrowsError(try session.run(source: "savefig(plot([1, 5]), \"\(dir)/a.\(f)\")")) {
        XCTAssertTrue("\($0)".contains("cannot write \(dir)/a.\(f): No space left on device"), "\($0)")
      }
      XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: "\(dir)/a.\(f)")), old, f)
    }
  }

  /// The completeness check itself: a cut file of each format is refused.
  func testOutputCheckRefusesCutFiles() {
    let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + [UInt8](repeating: 1, count: 40)
      + [0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82])
    XCTAssertTrue(OutputCheck.isComplete(png, ext: "png"))
    XCTAssertFalse(OutputCheck.isComplete(png.dropLast(1), ext: "png"))
    XCTAssertFalse(OutputCheck.isComplete(Data("GIF89a".utf8), ext: "gif"))
    XCTAssertTrue(OutputCheck.isComplete(Data("GIF89a..;".utf8), ext: "gif"))
    XCTAssertFalse(OutputCheck.isComplete(Data("%PDF-1.5 ...".utf8), ext: "pdf"))
    XCTAssertTrue(OutputCheck.isComplete(Data("%PDF-1.5 ...%%EOF\n".utf8), ext: "pdf"))
    XCTAssertFalse(OutputCheck.isComplete(Data("<?xml ...<svg ...".utf8), ext: "svg"))
    XCTAssertTrue(OutputCheck.isComplete(Data("<?xml ...<svg ...</svg>\n".utf8), ext: "svg"))
  }

  // MARK: the release binary

  /// `nos` removes stale temporary files of killed saves in the folder it starts in.
  func testStartUpRemovesStaleTemporaryFiles() throws {
    guard let bin = releaseBinary() else { throw XCTSkip("no release binary") }
    let dir = NSTemporaryDirectory() + "nos-stale-\(getpid())"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let stale = dir + "/.u.npy.tmp-4194305-1f"  // above pid_max: no such process
    XCTAssertTrue(FileManager.default.createFile(atPath: stale, contents: Data(count: 1 << 20)))
    let (out, _, status) = runProcess(bin, ["-e", "1"], cwd: dir)
    XCTAssertEqual(status, 0)
    XCTAssertEqual(out, "1\n")
    XCTAssertFalse(FileManager.default.fileExists(atPath: stale))
  }

  /// `nos notebook` to a folder it cannot write says so plainly, before running the cells,
  /// and leaves no `OUT_files/` (it printed Foundation's NSCocoaErrorDomain dump; with a
  /// figure it created the missing folders).
  func testNotebookToAnUnwritableFolderIsAPlainError() throws {
    guard let bin = releaseBinary() else { throw XCTSkip("no release binary") }
    let dir = NSTemporaryDirectory() + "nos-nb-\(getpid())"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try "x = 1\n# %%\nsavefig(plot([1, 2]), \"\(dir)/f.png\")\nshow(plot([1, 2]))\n"
      .write(toFile: dir + "/nb.nos", atomically: true, encoding: .utf8)
    let (_, err, status) = runProcess(bin, ["notebook", dir + "/nb.nos", "-o", dir + "/no/out.md"])
    XCTAssertEqual(status, 1)
    XCTAssertTrue(err.contains("error: cannot write '\(dir)/no/out.md': no such folder"), err)
    XCTAssertFalse(err.contains("NSCocoaErrorDomain"), err)
    XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/no"))
    XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/f.png"), "the cells ran")
    // A folder without write permission, as an unprivileged user when the test runs as root.
    try FileManager.default.createDirectory(atPath: dir + "/ro", withIntermediateDirectories: true)
    XCTAssertEqual(chmod(dir + "/ro", 0o555), 0)
    XCTAssertEqual(chmod(dir, 0o755), 0)
    XCTAssertEqual(chmod(dir + "/nb.nos", 0o644), 0)
    let args = ["notebook", dir + "/nb.nos", "-o", dir + "/ro/out.md"]
    let asUser = getuid() == 0
      ? runProcess("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", bin] + args)
      : runProcess(bin, args)
    XCTAssertEqual(asUser.2, 1, asUser.1)
    XCTAssertTrue(asUser.1.contains("permission denied"), asUser.1)
    XCTAssertFalse(asUser.1.contains("NSCocoaErrorDomain"), asUser.1)
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir + "/ro"), [])
  }

  // MARK: the release binary under `prlimit --as`

  /// nos starts under a 1 GiB address-space limit (it hung: its 1 GiB interpreter stack
  /// could not be created).
  func testStartsInASmallAddressSpace() throws {
    let (out, err, status) = try limited(1 << 30, ["-e", "sum(ones(1000))"])
    XCTAssertEqual(status, 0, err)
    XCTAssertEqual(out, "1000\n")
  }

  /// An allocation refused by the address-space limit is the "cannot allocate" error (it
  /// aborted with exit status 134).
  func testAllocationBeyondTheAddressSpaceIsAnError() throws {
    let (_, err, status) = try limited(4 << 30, ["-e", "x = zeros(1e9)"])
    XCTAssertEqual(status, 1, err)
    XCTAssertTrue(err.contains("error: cannot allocate 7.5 GiB for a tensor"), err)
  }

  /// A `.npz` member that declares 3 GiB but inflates to 4 MiB is refused after inflating
  /// 4 MiB: the buffer grows with the real output (it allocated the declared 3 GiB, which
  /// aborted under a 2 GiB limit).
  func testNPZMemberDeclaringMoreThanItHoldsIsAnError() throws {
    let dir = NSTemporaryDirectory() + "nos-npz-\(getpid())"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let path = dir + "/lying.npz"
    try HostileFiles.lyingZip(declared: 3 << 30, actual: 4 << 20).write(to: URL(fileURLWithPath: path))
    let (_, err, status) = try limited(2 << 30, ["-e", "load(\"\(path)\")"])
    XCTAssertEqual(status, 1, err)
    XCTAssertTrue(err.contains("corrupt compressed data (4194304 bytes, 3221225472 declared)"),
                  err)
  }

  /// Runs the release binary under an address-space limit and a 60 s timeout.
  private func limited(_ bytes: Int, _ args: [String]) throws -> (String, String, Int32) {
    guard let bin = releaseBinary() else { throw XCTSkip("no release binary; scripts/test builds it") }
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/prlimit") else {
      throw XCTSkip("no prlimit")
    }
    return runProcess("/usr/bin/timeout", ["60", "/usr/bin/prlimit", "--as=\(bytes)", bin] + args)
  }
}

/// The release binary (`NOS_BIN`, else .build/release/nos), nil when it is not built.
func releaseBinary() -> String? {
  let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
  let bin = ProcessInfo.processInfo.environment["NOS_BIN"] ?? root.path + "/.build/release/nos"
  return FileManager.default.isExecutableFile(atPath: bin) ? bin : nil
}

/// This process's resident set size in bytes (/proc/self/statm).
func residentBytes() -> Int {
  guard let t = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
  let fields = t.split(separator: " ")
  guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
  return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}
