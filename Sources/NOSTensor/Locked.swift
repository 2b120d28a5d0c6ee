// A value behind a pthread mutex: the lock of the numeric core, visible to ThreadSanitizer.
import Foundation

/// A value guarded by a `pthread_mutex_t`. Used instead of Swift's `Mutex`, which on Linux
/// is built on raw futex calls that ThreadSanitizer does not model: every access it guards
/// was reported as a race, drowning real ones. TSan intercepts pthread mutexes, so a
/// `-sanitize=thread` build checks this code for what it is. Uncontended cost is the same
/// order (tens of nanoseconds).
/// Sendable by hand: the value is read and written only while the mutex is held.
public final class Locked<Value>: @unchecked Sendable {
  private let mutex: UnsafeMutablePointer<pthread_mutex_t>
  private var value: Value

  public init(_ value: Value) {
    self.value = value
    mutex = .allocate(capacity: 1)
    mutex.initialize(to: pthread_mutex_t())
    pthread_mutex_init(mutex, nil)
  }

  deinit {
    pthread_mutex_destroy(mutex)
    mutex.deinitialize(count: 1)
    mutex.deallocate()
  }

  /// Runs `body` with exclusive access to the value.
  public func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
    pthread_mutex_lock(mutex)
    defer { pthread_mutex_unlock(mutex) }
    return try body(&value)
  }

  /// Runs `body` when the lock is free right now; nil (without running it) when it is held.
  public func withLockIfAvailable<R>(_ body: (inout Value) throws -> R) rethrows -> R? {
    guard pthread_mutex_trylock(mutex) == 0 else { return nil }
    defer { pthread_mutex_unlock(mutex) }
    return try body(&value)
  }
}
