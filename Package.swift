// swift-tools-version:6.0
// nos: a notebook-style scripting REPL for operator learning.
import PackageDescription

/// swift-numerics' Complex and Real, imported by most targets.
let numerics: Target.Dependency = .product(name: "Numerics", package: "swift-numerics")

let package = Package(
  name: "nos",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "nos", targets: ["nos"]),
    .library(name: "NOSTensor", targets: ["NOSTensor"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
    .package(url: "https://github.com/JohnSundell/Ink", from: "0.6.0"),
  ],
  targets: [
    .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
    .systemLibrary(name: "CFFTW", pkgConfig: "fftw3", providers: [.apt(["libfftw3-dev"])]),
    .systemLibrary(name: "CReadline", providers: [.apt(["libreadline-dev"])]),
    .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
    .systemLibrary(name: "CZMQ", pkgConfig: "libzmq", providers: [.apt(["libzmq3-dev"])]),
    .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
    .systemLibrary(name: "CLAPACKE", pkgConfig: "lapacke", providers: [.apt(["liblapacke-dev"])]),
    // libhdf5 is loaded on first use (see nos_hdf5.h); its headers come from libhdf5-dev.
    .target(name: "CHDF5", cSettings: [.unsafeFlags(["-I/usr/include/hdf5/serial"])]),
    // libmpi (Open MPI) is loaded at run time under mpirun/srun only (see nos_mpi.h).
    .target(name: "CMPI"),
    .target(name: "CKernels", cSettings: [.unsafeFlags(["-O3", "-fno-math-errno"])]),
    // The git commit for `nos --version` (nos_commit.h is written by scripts/lib/setup.sh).
    .target(name: "CBuildInfo"),
    .target(
      name: "NOSTensor",
      dependencies: ["CBLAS", "CFFTW", "CLAPACKE", "CKernels",
                     .product(name: "Numerics", package: "swift-numerics")]),
    .target(name: "NOSGrad", dependencies: ["NOSTensor", numerics]),
    .target(name: "NOSModels",
            dependencies: ["NOSGrad", "NOSTensor", "CBLAS", "CKernels", numerics]),
    .target(name: "NOSPhysics",
            dependencies: ["NOSGrad", "NOSTensor", "CBLAS", "CLAPACKE", numerics]),
    .target(name: "NOSPlot"),
    .target(name: "NOSIO", dependencies: ["NOSTensor", "CZlib", "CHDF5"],
            swiftSettings: [.unsafeFlags(["-Xcc", "-I/usr/include/hdf5/serial"])]),
    // Release builds skip dynamic exclusivity checks in the interpreter (list and class
    // storage access in hot loops; list build 0.19 -> 0.15 s); debug builds keep them.
    .target(name: "NOSLang",
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"],
                                         .when(configuration: .release))]),
    .target(name: "NOSStdlib",
            dependencies: ["NOSLang", "NOSTensor", "NOSGrad", "NOSModels", "NOSPhysics", "NOSPlot",
                           "NOSIO", "CMPI", numerics]),
    .target(name: "NOSRepl", dependencies: ["NOSStdlib", "NOSLang", "NOSTensor", "CReadline", "CBuildInfo",
                                           .product(name: "Ink", package: "Ink")]),
    .target(name: "NOSKernel",
            dependencies: ["NOSRepl", "NOSStdlib", "NOSLang", "NOSTensor", "CZMQ", "COpenSSL"]),
    .executableTarget(
      name: "nos",
      dependencies: ["NOSRepl", "NOSKernel", "NOSIO",
                     .product(name: "ArgumentParser", package: "swift-argument-parser")]),
    .executableTarget(name: "nos-bench",
                      dependencies: ["NOSStdlib", "NOSLang", "NOSTensor", "NOSGrad", "NOSModels",
                                     "NOSPhysics", "NOSIO"],
                      path: "Sources/NOSBench"),
    // Helpers every test target may share (random inputs, closeness, gradient checks,
    // child processes); a library target so it is built once.
    .target(name: "NOSTestSupport", dependencies: ["NOSTensor", "NOSGrad", numerics],
            path: "Tests/NOSTestSupport"),
    .testTarget(name: "NOSTensorTests", dependencies: ["NOSTensor", "NOSTestSupport", numerics]),
    .testTarget(name: "NOSLangTests", dependencies: ["NOSLang", "NOSTestSupport"]),
    .testTarget(name: "NOSGradTests",
                dependencies: ["NOSGrad", "NOSTensor", "NOSTestSupport", numerics]),
    .testTarget(name: "NOSModelsTests",
                dependencies: ["NOSModels", "NOSGrad", "NOSTensor", "NOSPhysics", "NOSTestSupport",
                               numerics]),
    .testTarget(name: "NOSPhysicsTests",
                dependencies: ["NOSPhysics", "NOSTensor", "NOSTestSupport", numerics]),
    .testTarget(name: "NOSPlotTests", dependencies: ["NOSPlot", "NOSTestSupport"],
                exclude: ["Snapshots"]),
    .testTarget(name: "NOSIOTests",
                dependencies: ["NOSIO", "NOSTensor", "NOSTestSupport", numerics],
                exclude: ["Fixtures"]),
    .testTarget(name: "NOSKernelTests",
                dependencies: ["NOSKernel", "NOSLang", "NOSStdlib", "NOSTestSupport"]),
    .testTarget(name: "NOSStdlibTests",
                dependencies: ["NOSStdlib", "NOSRepl", "NOSLang", "NOSTensor", "NOSModels",
                               "NOSPlot", "NOSIO", "NOSTestSupport"]),
  ],
  swiftLanguageModes: [.v6]
)
