import Foundation

/// Paths to the shared real-world data (`../shared/data` beside the package root) and
/// scratch space for corrupted copies.
enum TestData {
    /// The package root, from this file's location.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared/data/<relative>` from the package root.
    static func path(_ relative: String) -> String {
        packageRoot.appendingPathComponent("../shared/data/\(relative)").standardizedFileURL.path
    }

    /// A fresh temporary directory, removed by the caller.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("fluxscope-enrichment-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Copies the first `bytes` bytes of `source` into `directory` under `name`.
    static func truncatedCopy(of source: String, bytes: Int, in directory: URL, name: String) throws -> String {
        let data = try Data(contentsOf: URL(fileURLWithPath: source))
        let target = directory.appendingPathComponent(name)
        try data.prefix(bytes).write(to: target)
        return target.path
    }

    /// Writes `text` to `name` in `directory`.
    static func write(_ text: String, to name: String, in directory: URL) throws -> String {
        let target = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: target)
        return target.path
    }
}

/// A small deterministic generator (xorshift64*) so sampled tests are reproducible.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed == 0 ? 0x9E37_79B9_7F4A_7C15 : seed }
    mutating func next() -> UInt64 {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return state &* 0x2545_F491_4F6C_DD1D
    }
}
