// swift-tools-version:6.0
// nos: a notebook-style scripting REPL for operator learning.
import PackageDescription



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
    .target(name: "CKernels", cSettings: [.unsafeFlags(["-O3", "-fno-math-errno"])]),
    .target(
      name: "NOSTensor",
      dependencies: ["CBLAS", "CFFTW", "CLAPACKE", "CKernels",
                     .product(name: "Numerics", package: "swift-numerics")]),
    .target(name: "NOSGrad", dependencies: ["NOSTensor"]),
    .target(name: "NOSModels", dependencies: ["NOSGrad", "CKernels"]),
    .target(name: "NOSPhysics", dependencies: ["NOSGrad"]),
    .target(name: "NOSPlot"),
    .target(name: "NOSIO", dependencies: ["NOSTensor", "CZlib", "CHDF5"],
            swiftSettings: [.unsafeFlags(["-Xcc", "-I/usr/include/hdf5/serial"])]),
    .target(name: "NOSLang"),
    .target(name: "NOSStdlib",
            dependencies: ["NOSLang", "NOSTensor", "NOSGrad", "NOSModels", "NOSPhysics", "NOSPlot", "NOSIO"]),
    .target(name: "NOSRepl", dependencies: ["NOSStdlib", "CReadline", .product(name: "Ink", package: "Ink")]),
    .target(name: "NOSKernel", dependencies: ["NOSRepl", "CZMQ", "COpenSSL"]),
    .executableTarget(
      name: "nos",
      dependencies: ["NOSRepl", "NOSKernel", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
    .executableTarget(name: "nos-bench", dependencies: ["NOSStdlib"], path: "Sources/NOSBench"),
    .testTarget(name: "NOSTensorTests", dependencies: ["NOSTensor"]),
    .testTarget(name: "NOSLangTests", dependencies: ["NOSLang"]),
    .testTarget(name: "NOSGradTests", dependencies: ["NOSGrad"]),
    .testTarget(name: "NOSModelsTests", dependencies: ["NOSModels"]),
    .testTarget(name: "NOSPhysicsTests", dependencies: ["NOSPhysics"]),
    .testTarget(name: "NOSPlotTests", dependencies: ["NOSPlot"], exclude: ["Snapshots"]),
    .testTarget(name: "NOSIOTests", dependencies: ["NOSIO"], exclude: ["Fixtures"]),
    .testTarget(name: "NOSKernelTests", dependencies: ["NOSKernel"]),
    .testTarget(name: "NOSStdlibTests", dependencies: ["NOSStdlib", "NOSRepl"]),
  ],
  swiftLanguageModes: [.v6]
)
