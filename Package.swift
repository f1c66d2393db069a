// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "coalition-swift",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "coalition", targets: ["coalition"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/LebJe/TOMLKit.git", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        // Executable: argument parsing only.
        .executableTarget(
            name: "coalition",
            dependencies: [
                "CoalitionServer", "CoalitionWorker", "CoalitionControl",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Pure model: jobs, workers, activities, tree, scheduling, progress patterns. No I/O.
        .target(
            name: "CoalitionCore",
            dependencies: [
                .product(name: "HashTreeCollections", package: "swift-collections"),
                .product(name: "HeapModule", package: "swift-collections"),
            ]
        ),
        // Render presets: model, TOML/JSON loading, frame ranges, chunking, command
        // templating with shell quoting, validation. Pure logic, no I/O.
        .target(
            name: "CoalitionPresets",
            dependencies: [
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]
        ),
        // coalition.ini reader.
        .target(name: "CoalitionConfig"),
        // Wire formats: XML-RPC (libxml2), Python literals, v3 JSON tables, form decoding.
        .target(name: "CoalitionWire", dependencies: ["CoalitionCore", "CLibXML2"]),
        // Snapshot format, atomic save, backup rotation.
        .target(name: "CoalitionStore", dependencies: ["CoalitionCore"]),
        // The HTTP/UDP server.
        .target(
            name: "CoalitionServer",
            dependencies: [
                "CoalitionCore", "CoalitionConfig", "CoalitionWire", "CoalitionStore", "CoalitionPresets",
                "CCurl", "CLDAP",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // HTTP form client and UDP discovery client shared by the worker and the control tool.
        .target(name: "CoalitionClient"),
        // Render-node agent.
        .target(
            name: "CoalitionWorker",
            dependencies: [
                "CoalitionClient", "CoalitionConfig", "CoalitionWire",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Command-line client.
        .target(
            name: "CoalitionControl",
            dependencies: [
                "CoalitionClient",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // libcurl, for e-mail notifications over SMTP (with STARTTLS). No pkgConfig: its
        // flags add the multiarch include directory, whose ICU headers clash with Foundation's.
        .systemLibrary(
            name: "CCurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        // OpenLDAP client, for authenticating web and API users (ldaphost).
        .systemLibrary(
            name: "CLDAP",
            providers: [.apt(["libldap2-dev"])]
        ),
        // Benchmarks, run on demand (see Benchmarks/README.md).
        .executableTarget(
            name: "CoalitionBench",
            dependencies: ["CoalitionCore", "CoalitionStore", "CoalitionWire"]
        ),
        // A minimal Hummingbird server: the framework's floor in the HTTP benchmark.
        .executableTarget(
            name: "HelloBench",
            dependencies: [.product(name: "Hummingbird", package: "hummingbird"), .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio")]
        ),
        .testTarget(name: "CoalitionCoreTests", dependencies: ["CoalitionCore", "CoalitionStore"]),
        .testTarget(name: "CoalitionPresetsTests", dependencies: ["CoalitionPresets", "CoalitionCore"]),
        .testTarget(name: "CoalitionConfigTests", dependencies: ["CoalitionConfig"]),
        .testTarget(name: "CoalitionWireTests", dependencies: ["CoalitionWire", "CoalitionCore"]),
        .testTarget(name: "CoalitionStoreTests", dependencies: ["CoalitionStore", "CoalitionCore"]),
        .testTarget(
            name: "CoalitionServerTests",
            dependencies: [
                "CoalitionServer", "CoalitionStore",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(name: "CoalitionWorkerTests", dependencies: ["CoalitionWorker", "CoalitionWire"]),
        .testTarget(name: "CoalitionControlTests", dependencies: ["CoalitionControl"]),
    ],
    swiftLanguageModes: [.v6]
)
