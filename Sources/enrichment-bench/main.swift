// Measures the text-table path: load time of a full CAIDA pfx2as table and longest-prefix
// lookups per second. Run in release: `swift run -c release enrichment-bench [FILE]`.
import DNSWire
import Enrichment
import Foundation

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
let defaultTable = packageRoot.appendingPathComponent(
    "../shared/data/ip-to-asn/caida-pfx2as/routeviews-rv2-20170329-0200.pfx2as.gz").standardizedFileURL.path
let path = CommandLine.arguments.dropFirst().first ?? defaultTable

func seconds(since start: ContinuousClock.Instant) -> Double {
    let d = ContinuousClock.now - start
    return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
}

/// xorshift64*: a fixed, fast sequence of pseudo-random addresses.
struct XorShift {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    mutating func next() -> UInt64 {
        state ^= state >> 12; state ^= state << 25; state ^= state >> 27
        return state &* 0x2545_F491_4F6C_DD1D
    }
}

do {
    let loadStart = ContinuousClock.now
    let table = try RouteTable.load(path: path)
    let loadTime = seconds(since: loadStart)
    print("table: \(path)")
    print("load: \(String(format: "%.3f", loadTime)) s; \(table.report.description)")
    print("intervals: \(table.intervalCount)")

    let count = 20_000_000
    var rng = XorShift()
    var addresses = [IPv4Address]()
    addresses.reserveCapacity(count)
    for _ in 0..<count { addresses.append(IPv4Address(UInt32(truncatingIfNeeded: rng.next() >> 32))) }

    for round in 1...3 {
        var found = 0
        var checksum: UInt64 = 0
        let start = ContinuousClock.now
        for address in addresses {
            if let asn = table.asn(for: address) { found += 1; checksum &+= UInt64(asn) }
        }
        let elapsed = seconds(since: start)
        print(String(format: "round %d: %d random IPv4 lookups in %.3f s = %.1f M lookups/s (%d routed, checksum %llu)",
                     round, count, elapsed, Double(count) / elapsed / 1e6, found, checksum))
    }

    // Full enrichment (NetworkInfo, special-purpose ranges, CDN table) for comparison.
    let enricher = Enricher(sources: [table])
    let fullCount = 1_000_000
    var flagged = 0
    let start = ContinuousClock.now
    for address in addresses.prefix(fullCount) where !enricher.lookup(.v4(address)).flags.isEmpty { flagged += 1 }
    let elapsed = seconds(since: start)
    print(String(format: "Enricher.lookup: %d in %.3f s = %.2f M lookups/s (%d flagged)",
                 fullCount, elapsed, Double(fullCount) / elapsed / 1e6, flagged))
} catch {
    FileHandle.standardError.write(Data("enrichment-bench: \(error)\n".utf8))
    exit(1)
}
