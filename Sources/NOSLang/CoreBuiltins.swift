// The language's own builtins (print, typeof, len, ...) and constants; the stdlib adds more.

import Foundation

enum CoreBuiltins {
  static func install(into interp: Interpreter) {
    interp.register(all)
    interp.register(SequenceBuiltins.all)
    installConstants(into: interp)
  }

  static let constants: [String: Double] = ["pi": Double.pi, "inf": .infinity, "nan": .nan]

  static func installConstants(into interp: Interpreter) {
    for name in ["pi", "inf", "nan"] { interp.setGlobal(name, .number(constants[name] ?? 0)) }
  }

  /// `push(xs, v)`; a call of it with two arguments takes `Call2Node`'s direct path.
  static let push = Builtin("push", [Param("list"), Param("value")], doc: """
    Appends a value to the end of a list (in place).
    """) { a in
    let l = try a.list(0)
    guard l.items.count < a.interpreter.maxCollection else { throw RuntimeError("list too long") }
    l.items.append(a[1])
    return .nil
  }

  static let all: [Builtin] = [
    Builtin("print", [.variadic("values")], doc: """
      Writes the values separated by spaces, then a newline (tensors as values, NumPy's str).
      """) { a in
      a.interpreter.output.write(a.rest.map(Display.text).joined(separator: " ") + "\n")
      return .nil
    },
    Builtin("show", [Param("value")], doc: "Writes the display form of a value and a newline.") {
      a in
      a.interpreter.output.write(Display.string(a[0]) + "\n")
      return .nil
    },
    Builtin("typeof", [Param("value")], doc: """
      The type name of a value: "nil", "bool", "number", "string", "tensor", "list", \
      "record", "range", "function", or an object kind such as "model".
      """) { a in .string(a[0].typeName) },
    Builtin("len", [Param("x")], doc: """
      Length of a list, string (characters), record (fields), range, or tensor (first axis).
      """) { a in .number(Double(try a.interpreter.length(a[0]))) },
    push,
    Builtin("pop", [Param("list")], doc: "Removes and returns the last element of a list.") {
      a in
      let l = try a.list(0)
      guard let v = l.items.popLast() else { throw RuntimeError("pop from an empty list") }
      return v
    },
    Builtin("keys", [Param("record")], doc: "The field names of a record, as a list of strings.") {
      a in .list(try a.record(0).keys.map { .string($0) })
    },
    Builtin("has", [Param("record"), Param("key")], doc: """
      True when the record has the field (or the list contains the value).
      """) { a in
      if case .list(let l) = a[0] {
        return .bool(l.items.contains { Interpreter.equal($0, a[1]) })
      }
      return .bool(try a.record(0)[try a.string(1)] != nil)
    },
    Builtin("list", [.variadic("values")], doc: "Makes a list of its arguments.") { a in
      .list(a.rest)
    },
    Builtin("str", [Param("value")], doc: "What print writes for a value, as a string.") { a in
      .string(Display.text(a[0]))
    },
    Builtin("error", [Param("message")], doc: "Raises an error with the message.") { a in
      throw RuntimeError(Display.text(a[0]))
    },
    Builtin("assert", [Param("condition"), Param("message", default: .nil)], doc: """
      Raises "assertion failed" (with the message, if given) when the condition is false.
      """) { a in
      if try !a[0].truthy() {
        let suffix = a[1].isNil ? "" : ": " + Display.text(a[1])
        throw RuntimeError("assertion failed" + suffix)
      }
      return .nil
    },
  ]
}
