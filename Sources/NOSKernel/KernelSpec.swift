// `nos kernel install` / `nos kernel remove`: the Jupyter kernelspec directory "nos"
// (kernel.json and a 64×64 logo) under the user's or a prefix's Jupyter data directory.
import Foundation

public enum KernelSpec {
  /// The kernels directory: `DIR/share/jupyter/kernels` for a prefix, else the user's
  /// (`$JUPYTER_DATA_DIR/kernels`, default `~/.local/share/jupyter/kernels`).
  public static func kernelsDirectory(prefix: String?) -> String {
    if let prefix { return prefix + "/share/jupyter/kernels" }
    let env = ProcessInfo.processInfo.environment
    if let data = env["JUPYTER_DATA_DIR"], !data.isEmpty { return data + "/kernels" }
    let base = env["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
      ?? (env["HOME"] ?? NSHomeDirectory()) + "/.local/share"
    return base + "/jupyter/kernels"
  }

  /// kernel.json: argv runs this executable as `nos kernel -f {connection_file}`; SIGINT
  /// interrupts (interrupt_mode "signal"), as Ctrl-C does in the REPL.
  static func json(executable: String) -> Data {
    let spec: [String: Any] = [
      "argv": [executable, "kernel", "-f", "{connection_file}"],
      "display_name": "nos", "language": "nos", "interrupt_mode": "signal",
      "metadata": ["debugger": false],
    ]
    return (try? JSONSerialization.data(withJSONObject: spec,
                                        options: [.prettyPrinted, .sortedKeys])) ?? Data()
  }

  /// Writes the kernelspec; returns its directory.
  public static func install(prefix: String?) throws -> String {
    let dir = kernelsDirectory(prefix: prefix) + "/nos"
    let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
      ?? CommandLine.arguments[0]
    do {
      try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
      try json(executable: exe).write(to: URL(fileURLWithPath: dir + "/kernel.json"))
      try logo.write(to: URL(fileURLWithPath: dir + "/logo-64x64.png"))
    } catch {
      throw KernelError("cannot write the kernelspec in '\(dir)': \(error.localizedDescription)")
    }
    return dir
  }

  /// Removes the kernelspec; returns its directory, or throws when none is installed there.
  public static func remove(prefix: String?) throws -> String {
    let dir = kernelsDirectory(prefix: prefix) + "/nos"
    guard FileManager.default.fileExists(atPath: dir + "/kernel.json") else {
      throw KernelError("no nos kernelspec in '\(dir)'")
    }
    do { try FileManager.default.removeItem(atPath: dir) } catch {
      throw KernelError("cannot remove '\(dir)': \(error.localizedDescription)")
    }
    return dir
  }

  /// "nos" in white on dark blue, 64×64 PNG (drawn with gnuplot's pngcairo terminal).
  static var logo: Data { Data(base64Encoded: logoBase64.joined()) ?? Data() }
  private static let logoBase64 = [
    "iVBORw0KGgoAAAANSUhEUgAAAEAAAABACAIAAAAlC+aJAAAABmJLR0QA/wD/AP+gvaeTAAAE+ElEQVRoge2Ye0xTVx",
    "zHzy3QlkdLWyA8BHkpVpDigE3GQxTEJQhsOoJMSDZjmMOAk7G4P3DTErbsj7mFAIpzy4bKmPIYjpcaB66IDIQoWAvr",
    "KJZipUBLLbRAW+zdH5dcrn2QZrLckNzPX+f3O7/zO7/vPeeee1rIN+YQWM+Q8C7gVSEE4A0hAG8IAXhDCMAbQgDeEA",
    "LwhhCAN4QAvCEE4A0hAG8IAXhDCMCbdS/A1lJH3fnTkaFBSFs+o4pMO8Z0dvrwvX174yK9Pd10Oj1fKP657uZNXp/5",
    "vDY2+xJ2JMVFhG0NZDFoZFtb1ZzmH7G0q/9xze/tCuWs6ZDgzb4HU3ZFhAb5eLo5OlC1Wr1SNadQzg6JJHyh+K8HQy",
    "NiqekoyNJ/o0YCck+VXvjqBItBNwo7e7G2rKrRyBm6xb+Mm+/n7W4286JWV1JefeW321hnbnbayaMZEASZHQIAaLzV",
    "daL4nKnfqi1Ec3Ko+vYz0+oBAAVH0tmBG42qv1bxhaXqAQBUCrmk8HBudhrq4bADVq9+FSxuISwUsh0AQKGcvdXZTy",
    "JBaXui7alkpItEgjJS4otLLy+ns7Ep4+ajvQAAvlBc38ZTzy/GRIS8nRSNVnnyaAavd/CxUAwAeGtnJOqflCuLSy8P",
    "iSRLSy+YDNomX6/XOVt2RW1/JQEAgCfjEwc+OqNUqQEA9Tc6r5V/jna9FrwJbSfv3oF99oPDo+/mcvX6JQBAbcufY9",
    "LJjw8fQLogCMrNSs07XQYAwK5ta0dvS0cP0pY8mxoQiOrbOkkkyMvd1Wxh1p5C3/3YgFQPAOh9ODwpV6JdrixntB0f",
    "xcGOqrh0Hake4eKvrZqFRdSMeyOURIIAAFOKlWyZqbuL8rJSEqJCgvwcqBTEaTDATyemzRZm7Qq0dz/AmgrlrLsrE2",
    "lTKXaoP3CjJzZscHgUa6o1C0/GZduC/BDTmebIYtDlM6q2O/ePf7Af2UX2VHJOZjISAMOw+KnsXr+gtpX3UDBitjCr",
    "VkCtWVBrFrAe7HOFwMrLR3N0eFnnnFEqhVKFNZH4YZGk6JufdHq9UTAEQf4+nlnvJDZ+zy3Ky/rvAha1OiMPDGCzkX",
    "OaeazpwqQZBbgwnbEmGv/L9T92ZhR8fb6G1zMom1bCsHH+nMxk9FjHYu0WspLRcdl2zDvNYQdMTM2gpqMD1d/HAzVn",
    "1fMzz1e+aLJpZWV1c2V1MwCAQrbz9/HYExvxyZF05D0BAMRHhfU9EhrNuMZXiTvdA1jzWHaara0NauZkJjvaU1GT1z",
    "toMMAAAG9PNwbdCTtQq9MPi8bLqxpl0yv6GXRH0xnXeAVaO3oKc9J9NyyfpGHBgQ2VZxpu3FXPL0RHhOzfG4NGwjBc",
    "eaUJacdGbuMWvM/rfdTVx/97dHxK8XxRq3Nh0FMSo7zcXdAh2MX8vwQsvXhxnFtxtewUlbL8LeOwAzjsANPIsz/U8Y",
    "Vi1KSQ7ZJiw5Niwy1l1un1Le09pv61v40OCEQH80skz6YsBWh1em7ppXKTG9QqaHX6wi8vjEknTbvWeAUQBgSihEOf",
    "pia+mRQbwWH7s5h05DY6Mia9e59f09Qhn3npMG263S2dlIeHbA7bGrDBw43FcGLSaQbYoJrTjEom7vULrjZ3yKaVZu",
    "eyeBtdL6z7HzSEALwhBOANIQBvCAF4QwjAG0IA3hAC8IYQgDeEALwhBODNv/FZw+Fo2sc7AAAAAElFTkSuQmCC",
  ]
}
