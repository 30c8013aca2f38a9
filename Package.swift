// swift-tools-version: 6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .unsafeFlags(["-warnings-as-errors"], .when(configuration: .debug)),
]

let nio: [Target.Dependency] = [
    .product(name: "NIOCore", package: "swift-nio"),
    .product(name: "NIOPosix", package: "swift-nio"),
]

let package = Package(
    name: "FluxScope",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "fluxscope", targets: ["fluxscope"]),
        .library(name: "DNSWire", targets: ["DNSWire"]),
        .library(name: "PacketCapture", targets: ["PacketCapture"]),
        .library(name: "Enrichment", targets: ["Enrichment"]),
        .library(name: "FluxModel", targets: ["FluxModel"]),
        .library(name: "Lab", targets: ["Lab"]),
        .library(name: "Store", targets: ["Store"]),
        .library(name: "Probe", targets: ["Probe"]),
        .library(name: "Server", targets: ["Server"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // The server: HTTP (Hummingbird 2, without its swift-configuration trait), services, metrics.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        // The shared store: PostgreSQL's wire protocol (COPY FROM included).
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        // System libraries (Debian packages; installed by scripts/setup.sh).
        .systemLibrary(name: "CPcap", pkgConfig: "libpcap", providers: [.apt(["libpcap-dev"])]),
        .systemLibrary(name: "CLoc", pkgConfig: "libloc", providers: [.apt(["libloc-dev"])]),
        .systemLibrary(name: "CMaxMindDB", pkgConfig: "libmaxminddb", providers: [.apt(["libmaxminddb-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CSQLiteConfig", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),

        // The library, left to right along the data flow of docs/architecture.md.
        .target(name: "DNSWire", swiftSettings: strict),
        .target(name: "FluxModel", dependencies: ["DNSWire"], swiftSettings: strict),
        .target(name: "PacketCapture", dependencies: ["DNSWire", "CPcap"], swiftSettings: strict),
        .target(
            name: "Ingest",
            dependencies: [
                "DNSWire", "FluxModel", "PacketCapture", "CZlib",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ] + nio,
            exclude: ["Dnstap/dnstap.proto"],  // the schema dnstap.pb.swift was generated from
            swiftSettings: strict),
        .target(name: "Probe", dependencies: ["DNSWire", "FluxModel"] + nio, swiftSettings: strict),
        .target(name: "Enrichment", dependencies: ["DNSWire", "FluxModel", "CLoc", "CMaxMindDB", "CZlib"], swiftSettings: strict),
        .target(
            name: "Store",
            dependencies: [
                "DNSWire", "FluxModel",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),  // SQLite's C API: RowBinder (upserts), SQLiteColumn (page reads)
                "CSQLiteConfig",  // sqlite3_config before SQLite starts (SQLiteStore.configureSQLite)
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ] + nio,
            swiftSettings: strict),
        // Sources -> store: ingest of files and live captures, the probe's store sink, enrichment at ingest.
        .target(
            name: "Pipeline",
            dependencies: ["DNSWire", "FluxModel", "PacketCapture", "Ingest", "Probe", "Enrichment", "Store", "Lab"],
            swiftSettings: strict),
        .target(
            name: "Detection", dependencies: ["DNSWire", "FluxModel"],
            resources: [.copy("Resources/fluxscope-model.json")], swiftSettings: strict),
        .target(name: "Reports", dependencies: ["DNSWire", "FluxModel", "Store", "Detection", "Analysis"], swiftSettings: strict),
        .target(name: "Training", dependencies: ["DNSWire", "FluxModel", "Ingest", "Enrichment", "Detection", "Lab"], swiftSettings: strict),
        .target(name: "Analysis", dependencies: ["DNSWire", "FluxModel", "Enrichment", "Store", "Detection"], swiftSettings: strict),
        .target(
            name: "Lab",
            dependencies: ["DNSWire", "Enrichment", .product(name: "Yams", package: "Yams")] + nio,
            swiftSettings: strict),
        .target(
            name: "Server",
            dependencies: [
                "DNSWire", "FluxModel", "PacketCapture", "Ingest", "Probe", "Enrichment", "Store", "Pipeline", "Detection", "Analysis", "Reports", "Lab",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ] + nio,
            swiftSettings: strict),
        .executableTarget(
            name: "fluxscope",
            dependencies: [
                "DNSWire", "FluxModel", "PacketCapture", "Ingest", "Probe", "Enrichment", "Store", "Pipeline", "Detection", "Analysis", "Training", "Reports", "Lab", "Server",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),

        // Benchmarks (run in release: `swift run -c release NAME`) and test helpers.
        .executableTarget(name: "capture-bench", dependencies: ["PacketCapture"], swiftSettings: strict),
        .executableTarget(name: "enrichment-bench", dependencies: ["Enrichment", "DNSWire"], swiftSettings: strict),
        .executableTarget(name: "store-bench", dependencies: ["Store", "FluxModel", "DNSWire"], swiftSettings: strict),
        // Fills a store (any backend) for bench/analyze.sh.
        .executableTarget(name: "analyze-bench", dependencies: ["Store", "FluxModel", "DNSWire"], swiftSettings: strict),
        // Writes batches forever; StoreTests kill it with SIGKILL to check crash consistency.
        .executableTarget(name: "store-crash-helper", dependencies: ["Store", "FluxModel", "DNSWire"], swiftSettings: strict),
        // Helpers for tests only: child processes with sane signal masks, NSD on loopback, shared data paths.
        .target(name: "TestSupport", swiftSettings: strict),

        .testTarget(name: "DNSWireTests", dependencies: ["DNSWire"], swiftSettings: strict),
        .testTarget(name: "FluxModelTests", dependencies: ["FluxModel", "DNSWire"], swiftSettings: strict),
        .testTarget(name: "PacketCaptureTests", dependencies: ["PacketCapture", "DNSWire"], swiftSettings: strict),
        .testTarget(
            name: "IngestTests",
            dependencies: ["Ingest", "Pipeline", "Store", "Enrichment", "PacketCapture", "FluxModel", "DNSWire", "TestSupport"] + nio,
            exclude: ["Fixtures"],
            swiftSettings: strict),
        .testTarget(name: "ProbeTests", dependencies: ["Probe", "DNSWire", "FluxModel"] + nio, swiftSettings: strict),
        .testTarget(name: "EnrichmentTests", dependencies: ["Enrichment", "DNSWire"], swiftSettings: strict),
        // Every store test runs against SQLite and a real PostgreSQL (TestSupport.PostgresServer).
        .testTarget(name: "StoreTests", dependencies: ["Store", "FluxModel", "DNSWire", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "DetectionTests", dependencies: ["Detection", "FluxModel", "DNSWire"], swiftSettings: strict),
        .testTarget(
            name: "ReportsTests",
            dependencies: ["Reports", "Analysis", "Store", "Pipeline", "Ingest", "Training", "Lab", "Enrichment", "Detection", "FluxModel", "DNSWire", "TestSupport"],
            swiftSettings: strict),
        // Decoding real captures: round trips, tshark and Zeek as references, the decode command.
        .testTarget(name: "DecodeTests", dependencies: ["DNSWire", "PacketCapture", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "Server", "Store", "Detection", "Analysis", "Reports", "FluxModel", "DNSWire", "Lab", "Enrichment", "TestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: strict),
        .testTarget(name: "LabTests", dependencies: ["Lab", "DNSWire", "CLoc"] + nio, swiftSettings: strict),
        // The model on lab worlds: every class end to end through the real prober, and trained
        // on one seed, tested on another.
        .testTarget(
            name: "TrainingTests",
            dependencies: ["Training", "Pipeline", "Store", "Analysis", "Detection", "Enrichment", "Lab", "FluxModel", "DNSWire", "TestSupport"],
            swiftSettings: strict),
    ]
)
