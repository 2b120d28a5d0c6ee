// docs/builtins.md must match the builtin tables; NOS_RECORD=1 rewrites it.
import Foundation
import NOSLang
import NOSStdlib
import NOSTestSupport
import XCTest

final class ReferenceTests: XCTestCase {
  func testReferenceIsUpToDate() {
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("docs/builtins.md").path
    assertSnapshot(Stdlib.reference(), path: path,
                   "docs/builtins.md (run NOS_RECORD=1 swift test --filter ReferenceTests)")
  }

  func testEveryBuiltinHasADoc() {
    let s = Stdlib.session(output: BufferOutput())
    for name in s.interpreter.builtinNames {
      let doc = s.interpreter.builtin(named: name)?.doc ?? ""
      XCTAssertGreaterThan(doc.count, 10, "'\(name)' has no documentation")
    }
  }

  /// Every builtin, every declared property and method, and every operator is in the
  /// reference under the heading help uses for it.
  func testEveryDeclarationIsInTheReference() {
    let s = Stdlib.session(output: BufferOutput())
    let doc = Stdlib.reference()
    for name in s.interpreter.builtinNames {
      guard let b = s.interpreter.builtin(named: name) else { continue }
      XCTAssertTrue(doc.contains("- `\(b.signature)` — "), "\(name) is not in the reference")
    }
    for (type, members) in Stdlib.memberDeclarations {
      let me = Builtin.variable(type)
      for b in members {
        let head = b.isProperty ? "\(me).\(b.name)" : b.methodSignature
        XCTAssertTrue(doc.contains("- `\(head)` — "), "\(type) member \(head) is not listed")
      }
      for b in Stdlib.methods(of: type, s.interpreter) {
        XCTAssertTrue(doc.contains("`\(b.name)`"), "\(b.name) is not listed as a \(type) method")
      }
    }
    for op in Stdlib.operators { XCTAssertTrue(doc.contains("- `\(op.form)` — "), op.symbol) }
  }

  /// The fields a builtin declares for its result are the fields the result has.
  func testDeclaredResultFieldsMatchTheResults() throws {
    let calls = [
      "burgers": "burgers(1, res=8, solve_res=16, seed=1)",
      "darcy": "darcy(1, res=5, solve_res=9, seed=1)",
      "advection_diffusion": "advection_diffusion(1, res=9, eps=0.1, seed=1)",
      "navier_stokes": "navier_stokes(1, res=8, t=0.01, steps=1, dt=0.01, seed=1)",
      "antiderivative": "antiderivative(1, sensors=5, points=4, seed=1)",
      "chaos": "chaos(\"lorenz\")",
      "wos": "wos(disk(0, 0, 1), 1, [[0, 0]], walks=2, seed=1)",
    ]
    let s = Stdlib.session(output: BufferOutput(), errorOutput: BufferOutput())
    for name in s.interpreter.builtinNames {
      guard let b = s.interpreter.builtin(named: name), !b.fields.isEmpty else { continue }
      guard let call = calls[name] else { XCTFail("add a small call of \(name)"); continue }
      guard case .record(let r)? = try s.run(source: call) else {
        XCTFail("\(call) gave no record"); continue
      }
      XCTAssertEqual(r.keys, b.fields.map(\.name), name)
      // A field's declaration reads that field from the record.
      let first = try b.fields[0].body(try CallArguments(positional: [.record(r)],
        interpreter: s.interpreter).bind(b.fields[0].params, name: b.fields[0].name))
      switch (first, r.values[0]) {
      case (.host(let got), .host(let want)): XCTAssertTrue(got === want, name)
      case (.string(let got), .string(let want)): XCTAssertEqual(got, want, name)
      default: XCTFail("\(name): the first field is neither a tensor nor a string")
      }
    }
  }

  /// help() names every builtin; help(x) on a live object lists every member the object
  /// answers to (so a field added without a declaration fails here).
  func testHelpCoversBuiltinsAndMembers() throws {
    let out = BufferOutput()
    let s = Stdlib.session(output: out, errorOutput: BufferOutput(),
                           options: StdlibOptions(plots: "off"))
    try s.run(source: "help()")
    let listed = Set(out.text.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
    for name in s.interpreter.builtinNames {
      XCTAssertTrue(listed.contains(name), "help() does not list \(name)")
    }
    try s.run(source: """
      x = zeros(2, 3)
      m = mlp([1, 4, 1])
      opt = adam(m)
      q = lbfgs({w: [1.0]})
      sched = steplr(opt, 10, 0.5)
      fig = plot([1, 2])
      nz = normalizer(randn(4, 3))
      """)
    for name in ["x", "m", "opt", "q", "sched", "fig", "nz"] {
      guard case .host(let h)? = s.global(name) else { return XCTFail("\(name) is not an object") }
      out.clear()
      try s.run(source: "help(\(name))")
      let me = Builtin.variable(ObjectHelpProbe.receiver(h))
      for member in h.fieldNames + h.methodNames {
        XCTAssertTrue(out.text.contains("\(me).\(member)"), "help(\(name)) misses .\(member)")
      }
      for b in Stdlib.methods(of: ObjectHelpProbe.receiver(h), s.interpreter) {
        XCTAssertTrue(out.text.contains(" \(b.name)"), "help(\(name)) misses method \(b.name)")
      }
    }
  }
}

/// The receiver type help uses for an object (schedulers say "object" as their typeof).
enum ObjectHelpProbe {
  static func receiver(_ h: HostObject) -> String {
    h.members.first?.receiver ?? h.typeName
  }
}
