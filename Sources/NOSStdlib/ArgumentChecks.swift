// Argument checks shared by builtins: integers that must be positive or non-negative.
import NOSLang

extension Arguments {
  /// Argument `i` as an integer of at least 1 ("must be a positive integer, got 0").
  func positiveInt(_ i: Int) throws -> Int {
    let n = try int(i)
    guard n >= 1 else { throw error(i, "must be a positive integer, got \(n)") }
    return n
  }

  /// Argument `i` as an integer of at least 0 ("must be a non-negative integer, got -1").
  func nonNegativeInt(_ i: Int) throws -> Int {
    let n = try int(i)
    guard n >= 0 else { throw error(i, "must be a non-negative integer, got \(n)") }
    return n
  }
}
