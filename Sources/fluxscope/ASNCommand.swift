import ArgumentParser
import DNSWire
import Enrichment
import Foundation

/// `fluxscope asn IP... [--asn-db PATH]... [--json]`: enrichment lookups.
struct ASNCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "asn",
        abstract: "Show origin AS, announced prefix, AS name, country and flags of addresses.",
        discussion: """
            Databases are tried in the order given and their answers merged; the format (libloc, \
            MaxMind .mmdb, CAIDA pfx2as, pyasn, iptoasn TSV; text tables may be gzipped) is \
            detected from the content. Without --asn-db the Debian libloc database is used when \
            installed. Special-purpose ranges and known CDN/cloud networks are always flagged.
            Output: address, ASN, prefix, AS name, country, flags; tab-separated, '-' when unknown.
            """)

    @Argument(help: "IPv4 or IPv6 addresses.")
    var addresses: [String] = []

    @Option(name: .customLong("asn-db"), help: "A database file; repeat to combine several.")
    var asnDB: [String] = []

    @Flag(help: "Print one JSON object per address.")
    var json = false

    func run() throws {
        let parsed = try parseAddresses()
        let enricher: Enricher
        do {
            enricher = try Enricher.open(paths: asnDB)
        } catch {
            fail("cannot use database \(error); check the path, or omit --asn-db to use libloc", code: .failure)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for address in parsed {
            let info = enricher.lookup(address)
            if json, let data = try? encoder.encode(info) {
                print(String(decoding: data, as: UTF8.self))
            } else {
                print(ASNCommand.line(info))
            }
            for problem in info.problems { FileHandle.standardError.write(Data("warning: \(address): \(problem)\n".utf8)) }
        }
    }

    /// Every argument as an address; a bad one is a usage error (exit 2).
    private func parseAddresses() throws -> [IPAddress] {
        if addresses.isEmpty { fail("give at least one IP address, e.g. fluxscope asn 192.0.2.1", code: ExitCode(2)) }
        return addresses.map { text in
            guard let address = IPAddress(text) else {
                fail("'\(text)' is not an IPv4 or IPv6 address", code: ExitCode(2))
            }
            return address
        }
    }

    /// `address ASN prefix name country flags`, tab-separated.
    static func line(_ info: NetworkInfo) -> String {
        var flags = info.flags.description
        if let provider = info.provider { flags += "(\(provider))" }
        return [info.address.description, info.asn.map { "AS\($0)" } ?? "-", info.prefix?.description ?? "-",
                info.asName ?? "-", info.country ?? "-", flags].joined(separator: "\t")
    }

    private func fail(_ message: String, code: ExitCode) -> Never {
        FileHandle.standardError.write(Data("fluxscope asn: \(message)\n".utf8))
        ASNCommand.exit(withError: code)
    }
}
