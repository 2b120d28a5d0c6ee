// placeholder
final class FFTPlans: @unchecked Sendable { static let shared = FFTPlans(); func setThreads(_ n: Int) {} }
