import DNSWire
import Foundation
import Testing
@testable import Enrichment

/// MaxMind's official test databases against the JSON they were built from.
@Suite struct MaxMindDatabaseTests {
    /// One source-data entry: the network and its record.
    struct Expectation {
        let prefix: IPPrefix
        let record: [String: Any]
    }

    /// Reads `source-data/<name>.json` (a list of one-key objects `{"net": record}`).
    /// `::a.b.c.d/n` networks (n >= 96) are IPv4 networks in the IPv4 subtree.
    static func expectations(_ name: String) throws -> [Expectation] {
        let data = try Data(contentsOf: URL(fileURLWithPath: TestData.path("mmdb/source-data/\(name).json")))
        let list = try #require(JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        return try list.flatMap { object in
            try object.map { key, value in
                var prefix = try #require(IPPrefix(key), "\(key)")
                if case .v6(let a) = prefix.address, a.value >> 32 == 0, prefix.length >= 96, a.value != 0 {
                    prefix = try #require(IPPrefix(address: .v4(IPv4Address(UInt32(a.value))), length: Int(prefix.length) - 96))
                }
                return Expectation(prefix: prefix, record: try #require(value as? [String: Any]))
            }
        }
    }

    /// Looks up the first and last address of every source network and checks `check`
    /// against the most specific source network containing the address.
    static func verify(_ name: String, minimum: Int,
                       check: (NetworkInfo, [String: Any]) -> Bool) throws {
        let database = try MaxMindDatabase(path: TestData.path("mmdb/test-data/\(name).mmdb"))
        let expectations = try MaxMindDatabaseTests.expectations(name)
        var checked = 0, exactPrefixes = 0
        for expectation in expectations {
            for address in [expectation.prefix.address, expectation.prefix.lastAddress] {
                let owner = expectations.filter { $0.prefix.contains(address) }.max { $0.prefix.length < $1.prefix.length }!
                let info = try #require(try database.lookup(address), "\(name): \(address) not found")
                #expect(check(info, owner.record), "\(name): \(address) got \(info) for \(owner.prefix)")
                // The writer merges neighbours with identical records, so the tree's network
                // may be wider than the source network; it must still hold the address.
                let prefix = try #require(info.prefix)
                #expect(prefix.contains(address), "\(name): \(address) outside \(prefix)")
                if prefix == owner.prefix { exactPrefixes += 1 }
                checked += 1
            }
        }
        #expect(checked >= minimum, "\(name): only \(checked) addresses checked")
        #expect(exactPrefixes > 0)
        print("\(name): \(checked) addresses checked, \(exactPrefixes) with exactly the source network")
    }

    static func isoCode(_ record: [String: Any]) -> String? {
        ((record["country"] as? [String: Any])?["iso_code"] as? String)
            ?? ((record["registered_country"] as? [String: Any])?["iso_code"] as? String)
    }

    @Test func geoLite2ASN() throws {
        try Self.verify("GeoLite2-ASN-Test", minimum: 1000) { info, record in
            info.asn == (record["autonomous_system_number"] as? NSNumber)?.uint32Value
                && info.asName == record["autonomous_system_organization"] as? String
        }
    }

    @Test func geoIP2ISP() throws {
        try Self.verify("GeoIP2-ISP-Test", minimum: 3000) { info, record in
            info.asn == (record["autonomous_system_number"] as? NSNumber)?.uint32Value
                && info.asName == record["autonomous_system_organization"] as? String
        }
    }

    @Test(arguments: ["GeoLite2-Country-Test", "GeoIP2-Country-Test", "GeoLite2-City-Test", "GeoIP2-City-Test"])
    func countries(name: String) throws {
        try Self.verify(name, minimum: 400) { info, record in info.country == Self.isoCode(record) }
    }

    @Test func anonymousIPHostingFlag() throws {
        try Self.verify("GeoIP2-Anonymous-IP-Test", minimum: 20) { info, record in
            info.flags.contains(.hostingProvider) == (record["is_hosting_provider"] as? Bool ?? false)
        }
    }

    @Test func metadataNamesTheSource() throws {
        let database = try MaxMindDatabase(path: TestData.path("mmdb/test-data/GeoLite2-ASN-Test.mmdb"))
        #expect(database.name == "mmdb:GeoLite2-ASN")
        #expect(try database.lookup(IPAddress("10.0.0.1")!) == nil)
    }

    @Test func ipv6LookupInIPv4DatabaseIsNoAnswer() throws {
        let database = try MaxMindDatabase(path: TestData.path("mmdb/test-data/MaxMind-DB-test-ipv4-24.mmdb"))
        #expect(try database.lookup(IPAddress("2001:db8::1")!) == nil)
        #expect(try database.lookup(IPAddress("1.1.1.1")!) != nil)
    }
}
