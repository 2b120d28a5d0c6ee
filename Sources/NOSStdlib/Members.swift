// What follows a dot: the declared properties and methods of tensors, models, optimizers,
// figures and other objects, gathered for help, completion and the reference.
import NOSLang

extension Builtin {
  /// Properties of `receiver` whose bodies read the value's field (`HostObject.field`), so
  /// the field's declaration and its reading go through one name.
  static func properties(of receiver: String, _ list: [(String, String)]) -> [Builtin] {
    list.map { name, doc in
      Builtin.property(name, of: receiver, doc: doc) { a in
        guard case .host(let h) = a[0], let v = try h.field(name) else {
          throw a.bad(0, expected: receiver)
        }
        return v
      }
    }
  }
}

extension Stdlib {
  /// Members of `v` after a dot: its declared properties and methods, the builtins declared
  /// with its type as receiver (`x.sum()` on a tensor), and any names the object lists
  /// without declaring them. Records offer their fields. Sorted, without duplicates.
  public static func memberNames(of v: Value, interpreter: Interpreter) -> [String] {
    switch v {
    case .record(let r): return r.keys
    case .host(let h):
      let declared = h.members.map(\.name) + methods(of: h.typeName, interpreter).map(\.name)
      return Array(Set(declared + h.fieldNames + h.methodNames)).sorted()
    default: return []
    }
  }

  /// The registered builtins that are methods of `receiver` (`x.sum()` is `sum(x)`).
  public static func methods(of receiver: String, _ interpreter: Interpreter) -> [Builtin] {
    interpreter.builtinNames.compactMap(interpreter.builtin(named:)).filter {
      $0.receiver == receiver && !$0.isProperty
    }
  }

  /// The member declarations of every object type (tensor, model, optimizer, scheduler,
  /// figure), for the reference and the completeness tests.
  public static var memberDeclarations: [(String, [Builtin])] {
    [
      ("tensor", TensorValue.properties),
      ("model", ModelValue.declaredMembers),
      ("optimizer", OptimizerValue.declaredMembers(lbfgs: true)),
      ("scheduler", SchedulerValue.declaredMembers),
      ("figure", FigureValue.properties),
      ("domain", DomainValue.declaredMembers),
    ]
  }
}
