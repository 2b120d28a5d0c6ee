// Running the interpreter on a thread with a large stack, sized to fit the address space.
import Foundation

/// Runs work on a thread with a large stack (once per call; nested calls run inline).
/// The stack is `Session.stackSize` (1 GiB) when the address space allows, else a quarter of
/// the room left under `ulimit -v` (at least 16 MiB), so nos starts in a small address space
/// (it used to hang: the thread silently failed to start). Deep recursion stays an error
/// either way, because `limit()` reports the stack actually obtained.
enum BigStack {
  private static let key = "nos.bigstack.base"
  private static let sizeKey = "nos.bigstack.size"

  /// Sendable by hand: the caller fills it, starts the big-stack thread and waits for it to
  /// end before reading `result`, so the two threads never touch it at the same time.
  final class Box: @unchecked Sendable {
    var result: Result<Any, Error>?
    let work: () throws -> Any
    var size = 0
    init(_ work: @escaping () throws -> Any) { self.work = work }
  }

  static func run<T>(_ work: @escaping () throws -> T) throws -> T {
    if Thread.current.threadDictionary[key] != nil { return try work() }
    let box = Box { try work() }
    try start(box)
    switch box.result {
    case .success(let v)?:
      guard let t = v as? T else { throw RuntimeError("internal: thread result") }
      return t
    case .failure(let e)?: throw e
    case nil: throw RuntimeError("internal: thread did not run")
    }
  }

  /// Starts the thread with the largest stack the system grants and waits for it.
  private static func start(_ box: Box) throws {
    var size = Session.stackSize
    if let room = MemoryRoom.addressSpace() { size = min(size, max(room / 4, 16 << 20)) }
    let context = Unmanaged.passRetained(box).toOpaque()
    while true {
      box.size = size
      var attr = pthread_attr_t()
      pthread_attr_init(&attr)
      defer { pthread_attr_destroy(&attr) }
      pthread_attr_setstacksize(&attr, size)
      var thread = pthread_t()
      if pthread_create(&thread, &attr, { raw in
        let box = Unmanaged<Box>.fromOpaque(raw!).takeUnretainedValue()
        var marker: UInt8 = 0
        let base = withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
        Thread.current.threadDictionary[BigStack.key] = base
        Thread.current.threadDictionary[BigStack.sizeKey] = box.size
        box.result = Result { try box.work() }
        return nil
      }, context) == 0 {
        pthread_join(thread, nil)
        Unmanaged<Box>.fromOpaque(context).release()
        return
      }
      guard size > 1 << 20 else {
        Unmanaged<Box>.fromOpaque(context).release()
        throw RuntimeError("cannot start the interpreter thread (no memory for its stack)")
      }
      size /= 2
    }
  }

  /// The lowest stack address calls may use on this thread (0 when unknown).
  static func limit() -> UInt {
    guard let base = Thread.current.threadDictionary[key] as? UInt,
      let size = Thread.current.threadDictionary[sizeKey] as? Int
    else { return 0 }
    let margin = UInt(min(4 << 20, size / 4))
    return base - UInt(size) + margin
  }
}

/// Room left in the address space under `ulimit -v` (nil when unlimited); the same figure as
/// NOSTensor's memory guard, read here because NOSLang does not depend on NOSTensor.
enum MemoryRoom {
  static func addressSpace() -> Int? {
    var lim = rlimit()
    guard getrlimit(Int32(RLIMIT_AS.rawValue), &lim) == 0, lim.rlim_cur < UInt64(Int.max)
    else { return nil }
    var used = 0
    if let t = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
      let pages = t.split(separator: " ").first.flatMap({ Int($0) })
    {
      used = pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
    return Int(lim.rlim_cur) - used
  }
}
