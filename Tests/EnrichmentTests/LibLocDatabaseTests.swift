import DNSWire
import Foundation
import Testing
@testable import Enrichment

/// libloc through its C API against Debian's `location lookup` command (the reference
/// Python front end over the same database).
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/location")
                 && FileManager.default.fileExists(atPath: LibLocDatabase.defaultPath),
                "needs Debian packages location and libloc-database"))
struct LibLocDatabaseTests {
    /// What `location lookup` printed for one address.
    struct Reference: Equatable {
        var network: String?
        var countryName: String?
        var asn: UInt32?
        var asName: String?
        var flags: NetworkFlags = []
    }

    /// Runs `location ARGS…`; returns stdout, stderr and the exit status.
    static func run(_ arguments: [String]) throws -> (out: String, err: String, status: Int32) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/location")
        process.arguments = arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self), process.terminationStatus)
    }

    /// `location lookup` for every address; `nil` entries mean "Nothing found".
    ///
    /// The Python binding of libloc 0.9.16 raises `OSError` from a stale `errno` when the
    /// lookup finds nothing and stdout is not a terminal ("[Errno 25] Inappropriate ioctl
    /// for device"), which aborts the command. Such an address had no network: it is
    /// recorded as not found and the rest of the batch is asked again.
    static func lookup(_ addresses: [String]) throws -> [String: Reference?] {
        var result: [String: Reference?] = [:]
        var remaining = addresses[...]
        while !remaining.isEmpty {
            let run = try run(["lookup"] + remaining)
            for (address, reference) in parse(run.out) { result[address] = reference }
            for line in run.err.split(separator: "\n") where line.hasPrefix("Nothing found for ") {
                result[String(line.dropFirst("Nothing found for ".count))] = .some(nil)
            }
            guard run.status == 1, run.err.contains("[Errno") else { break }
            guard let failed = remaining.firstIndex(where: { result[$0] == nil }) else { break }
            result[remaining[failed]] = .some(nil)
            remaining = remaining[(failed + 1)...]
        }
        return result
    }

    /// Parses the `address:` blocks of `location lookup` output.
    static func parse(_ output: String) -> [String: Reference] {
        var result: [String: Reference] = [:]
        var current: String?
        for line in output.split(separator: "\n") {
            if !line.hasPrefix(" "), line.hasSuffix(":") {
                current = String(line.dropLast())
                result[current!] = Reference()
                continue
            }
            guard let address = current, let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            switch key {
            case "Network": result[address]?.network = value
            case "Country": result[address]?.countryName = value
            case "Autonomous System":
                // "AS15169 - GOOGLE", or "AS15169" when the AS has no name.
                let parts = value.components(separatedBy: " - ")
                result[address]?.asn = UInt32(parts[0].dropFirst(2))
                result[address]?.asName = parts.count > 1 ? parts.dropFirst().joined(separator: " - ") : nil
            case "Anycast": result[address]?.flags.insert(.anycast)
            case "Satellite Provider": result[address]?.flags.insert(.satellite)
            case "Anonymous Proxy": result[address]?.flags.insert(.anonymousProxy)
            case "Hostile Network safe to drop": result[address]?.flags.insert(.drop)
            default: break
            }
        }
        return result
    }

    /// Country names as `location` prints them, to ISO codes.
    static func countryCodes() throws -> [String: String] {
        var codes: [String: String] = [:]
        for line in try run(["list-countries", "--show-name"]).out.split(separator: "\n") {
            let code = String(line.prefix(2)), name = line.dropFirst(3)
            codes[String(name)] = code
        }
        return codes
    }

    /// ~1,000 addresses: random IPv4, and IPv6 under prefixes where networks are dense.
    static func sample() -> [IPAddress] {
        var rng = SeededGenerator(seed: 2024)
        var out: [IPAddress] = []
        for _ in 0..<800 { out.append(.v4(IPv4Address(UInt32.random(in: .min ... .max, using: &rng)))) }
        let dense: [UInt128] = [0x2001, 0x2400, 0x2401, 0x2600, 0x2601, 0x2800, 0x2a00, 0x2a01, 0x2a02, 0x2c0f]
        for _ in 0..<200 {
            let top = dense.randomElement(using: &rng)!
            let rest = UInt128(UInt64.random(in: .min ... .max, using: &rng)) << 48
                | UInt128(UInt64.random(in: .min ... .max, using: &rng) >> 16)
            out.append(.v6(IPv6Address(top << 112 | rest & (UInt128.max >> 16))))
        }
        return out
    }

    @Test func agreesWithLocationLookup() throws {
        let database = try LibLocDatabase()
        let codes = try Self.countryCodes()
        let sample = Self.sample()
        var compared = 0, found = 0, agreed = 0
        var mismatches: [String] = []
        for batch in stride(from: 0, to: sample.count, by: 50).map({ Array(sample[$0..<min($0 + 50, sample.count)]) }) {
            let reference = try Self.lookup(batch.map(\.description))
            for address in batch {
                compared += 1
                let ours = try database.lookup(address)
                let theirs = try #require(reference[address.description], "location said nothing about \(address)")
                var mine: Reference?
                if let ours {
                    mine = Reference(network: ours.prefix?.description,
                                     countryName: ours.country.map { code in codes.first { $0.value == code }?.key ?? code },
                                     asn: ours.asn, asName: ours.asName, flags: ours.flags)
                    found += 1
                }
                if mine == theirs { agreed += 1 } else if mismatches.count < 10 {
                    mismatches.append("\(address): ours \(String(describing: mine)), location \(String(describing: theirs))")
                }
            }
        }
        print("libloc C API vs `location lookup`: \(agreed)/\(compared) agree, \(found) found; \(mismatches)")
        #expect(compared == 1000)
        #expect(found >= 500)
        #expect(agreed == compared, "\(mismatches)")
    }

    @Test func asNamesAndBogons() throws {
        let database = try LibLocDatabase()
        #expect(database.asName(for: 15169) == "GOOGLE")
        #expect(database.asName(for: 4_294_967_295) == nil)
        #expect(try database.lookup(IPAddress("10.1.2.3")!) == nil)
        let google = try #require(try database.lookup(IPAddress("::ffff:8.8.8.8")!))
        #expect(google.prefix?.description == "8.8.8.0/24")
    }

    /// libloc maps sections at header offsets without checking the file size; a truncated
    /// copy must be refused before libloc touches it (else SIGBUS).
    @Test(arguments: [0, 7, 100, 4200, 1_000_000, 50_000_000])
    func truncatedCopiesAreRefused(bytes: Int) throws {
        let dir = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try TestData.truncatedCopy(of: LibLocDatabase.defaultPath, bytes: bytes, in: dir, name: "cut.db")
        #expect {
            try NetworkSources.open(path: path)
        } throws: { error in
            guard let error = error as? EnrichmentError else { return false }
            return error.path == path
        }
        if bytes >= 8 {
            #expect {
                try LibLocDatabase(path: path)
            } throws: { error in
                (error as? EnrichmentError)?.code == .truncated
            }
        }
    }
}
