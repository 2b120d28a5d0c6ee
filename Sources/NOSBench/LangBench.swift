// The lang suite's interpreter lines: whole nos processes running the programs of
// scripts/bench-ref/lang (CPython runs the .py twins), timed as the child's CPU time.
import Foundation

/// The programs, as (case name, file stem); scripts/bench-ref/lang.py names them the same.
let langPrograms = [
  ("fib(30)", "fib"),
  ("while loop 5e6, top level", "loop"),
  ("while loop 5e6, in a function", "loop_fn"),
  ("1e6 calls of a user function", "calls"),
  ("list of 1e6: push, then index", "list"),
]

/// Runs `nos args` with stdout to /dev/null; returns (wall seconds, user + system CPU
/// seconds of the child). posix_spawn + wait4: Foundation's Process adds ~50 ms on Linux.
func spawnNos(_ exe: String, _ args: [String]) -> (wall: Double, cpu: Double) {
  var actions = posix_spawn_file_actions_t()
  posix_spawn_file_actions_init(&actions)
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
  defer { posix_spawn_file_actions_destroy(&actions) }
  let argv = ([exe] + args).map { strdup($0) } + [nil]
  defer { for p in argv { free(p) } }
  let t0 = DispatchTime.now().uptimeNanoseconds
  var pid: pid_t = 0
  guard posix_spawn(&pid, exe, &actions, nil, argv, environ) == 0 else { return (.nan, .nan) }
  var status: Int32 = 0
  var usage = rusage()
  wait4(pid, &status, 0, &usage)
  let wall = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
  func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
  return (wall, seconds(usage.ru_utime) + seconds(usage.ru_stime))
}

/// Median of `runs` values of `measure` after one warm-up run.
func medianOf(runs: Int, _ measure: () -> Double) -> Double {
  _ = measure()
  let times = (0..<runs).map { _ in measure() }.sorted()
  return times[times.count / 2]
}

/// The language programs in CPU time (a loaded machine stretches wall time, not CPU time),
/// start-up in wall time and CPU time, then the scalar lines.
func lang(runs: Int) throws {
  let exe = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    .appendingPathComponent("nos").path
  let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("scripts/bench-ref/lang").path
  for (name, stem) in langPrograms {
    report(name + " (cpu)", medianOf(runs: runs) { spawnNos(exe, [dir + "/\(stem).nos"]).cpu })
  }
  report("start-up (-e 1 / -c 1)", medianOf(runs: 20) { spawnNos(exe, ["-e", "1"]).wall })
  report("start-up (cpu)", medianOf(runs: 20) { spawnNos(exe, ["-e", "1"]).cpu })
  try scalarLines(runs: runs)
}
