import DNSWire
import Foundation
import Testing
@testable import Enrichment

/// Corrupt databases from MaxMind's `bad-data/` (each once crashed some reader) and
/// truncated copies of a good one: errors that name the file, never a crash.
@Suite struct MaxMindCorruptTests {
    static let badFiles: [String] = {
        let root = TestData.path("mmdb/bad-data")
        let names = (FileManager.default.enumerator(atPath: root)?.allObjects as? [String]) ?? []
        return names.filter { $0.hasSuffix(".mmdb") }.sorted().map { "\(root)/\($0)" }
    }()

    /// Addresses spread over both families, to walk many tree paths.
    static let probes: [IPAddress] = {
        var rng = SeededGenerator(seed: 7)
        var out = ["1.1.1.1", "::1.1.1.1", "2001:db8::1", "255.255.255.255", "0.0.0.0"].compactMap { IPAddress($0) }
        for _ in 0..<300 { out.append(.v4(IPv4Address(UInt32.random(in: .min ... .max, using: &rng)))) }
        for _ in 0..<100 { out.append(.v6(IPv6Address(UInt128(UInt64.random(in: .min ... .max, using: &rng)) << 64))) }
        return out
    }()

    /// Opens `path` and looks up every probe; errors must name the file.
    static func exercise(_ path: String) -> (opened: Bool, errors: Int, openError: EnrichmentError?) {
        let source: any NetworkSource
        do {
            source = try NetworkSources.open(path: path)
        } catch {
            return (false, 0, error)
        }
        var errors = 0
        for address in probes {
            do { _ = try source.lookup(address) } catch {
                #expect(error.path == path)
                errors += 1
            }
        }
        return (true, errors, nil)
    }

    @Test func badDataNeverCrashes() {
        #expect(Self.badFiles.count >= 20)
        for path in Self.badFiles {
            let result = Self.exercise(path)
            if let error = result.openError { #expect(error.path == path) }
            let name = URL(fileURLWithPath: path).lastPathComponent
            if Self.mustFailToOpen.contains(name) { #expect(!result.opened, "\(name) opened") }
            if Self.mustFailLookups.contains(name) { #expect(result.errors > 0, "\(name): no lookup error") }
        }
    }

    /// Files libmaxminddb 1.7 refuses at open (bad metadata or data section).
    static let mustFailToOpen: Set<String> = [
        "libmaxminddb-metadata-marker-only.mmdb", "libmaxminddb-offset-integer-overflow.mmdb",
        "cyclic-data-structure.mmdb", "invalid-bytes-length.mmdb", "invalid-data-record-offset.mmdb",
        "invalid-map-key-length.mmdb", "invalid-string-length.mmdb", "metadata-is-an-uint128.mmdb",
        "unexpected-bytes.mmdb",
    ]

    /// Files that open but whose records or tree are broken where our lookups go. (The
    /// deep-nesting files break records we never read: lookups there answer normally.)
    static let mustFailLookups: Set<String> = [
        "libmaxminddb-oversized-map.mmdb", "libmaxminddb-separator-record-max-left.mmdb",
        "libmaxminddb-separator-record-min-left.mmdb", "libmaxminddb-separator-record-min-right.mmdb",
        "bad-unicode-in-map-key.mmdb",
    ]

    @Test func invalidNodeCountIsRefused() {
        let path = TestData.path("mmdb/test-data/GeoIP2-City-Test-Invalid-Node-Count.mmdb")
        #expect {
            try MaxMindDatabase(path: path)
        } throws: { error in
            (error as? EnrichmentError)?.code == .corrupt && (error as? EnrichmentError)?.path == path
        }
    }

    /// Truncated downloads: the metadata at the end is gone or cut, so opening fails.
    @Test(arguments: [0, 1, 16, 4096, 12000, 12640])
    func truncatedCopiesAreErrors(bytes: Int) throws {
        let dir = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = TestData.path("mmdb/test-data/GeoLite2-ASN-Test.mmdb")  // 12,653 bytes
        let path = try TestData.truncatedCopy(of: source, bytes: bytes, in: dir, name: "cut.mmdb")
        #expect {
            try NetworkSources.open(path: path)
        } throws: { error in
            guard let error = error as? EnrichmentError else { return false }
            return error.path == path && !error.reason.isEmpty
        }
        #expect {
            try MaxMindDatabase(path: path)
        } throws: { error in
            // An empty file cannot even be mapped (I/O error); anything longer is corrupt.
            (error as? EnrichmentError)?.code == (bytes == 0 ? .unreadable : .corrupt)
        }
    }
}
