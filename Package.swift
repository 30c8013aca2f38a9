// swift-tools-version: 6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .unsafeFlags(["-warnings-as-errors"], .when(configuration: .debug)),
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
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // System libraries (Debian packages; installed by scripts/setup.sh).
        .systemLibrary(name: "CPcap", pkgConfig: "libpcap", providers: [.apt(["libpcap-dev"])]),
        .systemLibrary(name: "CLoc", pkgConfig: "libloc", providers: [.apt(["libloc-dev"])]),
        .systemLibrary(name: "CMaxMindDB", pkgConfig: "libmaxminddb", providers: [.apt(["libmaxminddb-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        .target(name: "DNSWire", swiftSettings: strict),
        .target(name: "FluxModel", dependencies: ["DNSWire"], swiftSettings: strict),
        .target(name: "Ingest", dependencies: ["DNSWire", "FluxModel", "PacketCapture", "CZlib"], swiftSettings: strict),
        .target(name: "PacketCapture", dependencies: ["DNSWire", "CPcap"], swiftSettings: strict),
        .target(name: "Enrichment", dependencies: ["DNSWire", "CLoc", "CMaxMindDB"], swiftSettings: strict),
        .executableTarget(
            name: "fluxscope",
            dependencies: [
                "DNSWire", "PacketCapture", "Enrichment",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict),

        .testTarget(name: "DNSWireTests", dependencies: ["DNSWire"], swiftSettings: strict),
        .testTarget(name: "PacketCaptureTests", dependencies: ["PacketCapture", "DNSWire"], swiftSettings: strict),
        .testTarget(name: "IngestTests", dependencies: ["Ingest", "FluxModel", "DNSWire"], exclude: ["Fixtures"], swiftSettings: strict),
        .testTarget(name: "EnrichmentTests", dependencies: ["Enrichment"], swiftSettings: strict),
    ]
)
