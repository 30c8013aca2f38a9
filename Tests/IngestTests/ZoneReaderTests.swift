import DNSWire
import FluxModel
import Foundation
import Testing
@testable import Ingest

@Suite struct ZoneReaderTests {
    static let snapshot: Timestamp = 1_700_000_000
    static var options: ReadOptions {
        var o = ReadOptions()
        o.snapshotTime = snapshot
        return o
    }

    static let zone = """
    ; a registry-like zone
    $ORIGIN example.
    $TTL 1h
    @   IN  SOA ns1.nic.example. hostmaster.nic.example. (
                2026010101 ; serial
                7200 900 1209600 300 )
        IN  NS  ns1.nic.example.
    nic 600 IN A 192.0.2.53
    flux        172800 NS ns1.flux
                172800 NS ns2.flux.example.
    ns1.flux    300 A 198.51.100.1
    ns2.flux    300 A 198.51.100.2
    ns2.flux    300 AAAA 2001:db8::2
    txt         TXT "semi;colon" "quote\\"d" ; comment
    $INCLUDE other.zone
    $GENERATE 1-5 host$ A 192.0.2.$
    bad         A 192.0.2.300
    sshfp       SSHFP 1 1 ABCD
    opaque      TYPE65280 \\# 2 abcd
    """

    @Test func masterFileSyntax() throws {
        let r = try read(.zone, text: Self.zone, options: Self.options)
        #expect(r.problemKinds == ["include_refused", "generate_refused", "bad_rdata", "bad_rdata"])
        #expect(r.problemLines == [15, 16, 17, 18])
        let soa = try #require(r.sink.observations.first)
        #expect(soa.name == name("example.") && soa.ttl == 3600 && soa.time == Self.snapshot)
        #expect(soa.data.presentation(type: .soa) == "ns1.nic.example. hostmaster.nic.example. 2026010101 7200 900 1209600 300")
        // The NS with no owner belongs to the apex; the delegation's NS go in the authority section.
        let ns = r.sink.observations.filter { $0.type == .ns }
        #expect(ns.map { "\($0.name) \($0.data.presentation(type: .ns)) \($0.section)" } == [
            "example. ns1.nic.example. answer", "flux.example. ns1.flux.example. authority", "flux.example. ns2.flux.example. authority",
        ])
        #expect(ns.map(\.ttl) == [3600, 172_800, 172_800])
        #expect(r.names(.aaaa) == ["ns2.flux.example."])
        #expect(r.data(.txt) == ["\"semi;colon\" \"quote\\\"d\""])
        #expect(r.sink.observations.last?.data == .unknown([0xAB, 0xCD]))
        #expect(r.sources.sources == [Source(kind: .zone, name: "example.")])
        #expect(TextFormat.detect(prefix: Array(Self.zone.utf8)) == .zone)
    }

    @Test func needsTimeAndOrigin() throws {
        #expect { try read(.zone, text: Self.zone) } throws: { ($0 as? ReadError)?.code == .needsOption }
        let relative = "www 60 IN A 192.0.2.1\n@ 60 IN NS ns\n"
        #expect(try read(.zone, text: relative, options: Self.options).problemKinds == ["no_origin", "no_origin"])
        var o = Self.options
        o.origin = name("given.example.")
        #expect(try read(.zone, text: relative, options: o).names(.a) == ["www.given.example."])
        let open = "@ 60 IN SOA a. b. ( 1 2 3 4\n"
        #expect(try read(.zone, text: "$ORIGIN x.\n" + open, options: Self.options).problemKinds == ["truncated"])
    }

    @Test func rootHintsFromDebian() throws {
        let path = "/usr/share/dns/root.hints"
        guard FileManager.default.fileExists(atPath: path) else {
            print("skipping: \(path) is absent (scripts/setup.sh installs dns-root-data)")
            return
        }
        let r = try read(.zone, path: URL(fileURLWithPath: path), options: Self.options)
        #expect(r.sink.problems.isEmpty)
        #expect(r.names(.ns).count == 13 && Set(r.names(.ns)) == ["."])
        #expect(r.data(.a).count == 13 && r.data(.aaaa).count == 13)
        let a = try #require(r.sink.observations.first { $0.name == name("a.root-servers.net.") && $0.type == .a })
        #expect(a.data == .a(IPv4Address(198, 41, 0, 4)) && a.ttl == 3_600_000)
        #expect(TextFormat.detect(prefix: try TestData.bytes(URL(fileURLWithPath: path))) == .zone)
    }

    @Test func bindZoneFiles() throws {
        guard FileManager.default.fileExists(atPath: "/etc/bind/db.local") else {
            print("skipping: /etc/bind/db.* are absent (scripts/setup.sh installs bind9)")
            return
        }
        var o = Self.options
        o.origin = name("localhost.")
        let local = try read(.zone, path: URL(fileURLWithPath: "/etc/bind/db.local"), options: o)
        #expect(local.sink.problems.isEmpty)
        // @ IN SOA localhost. root.localhost. ( 2 604800 86400 2419200 604800 ), NS, A, AAAA; $TTL 604800.
        #expect(local.data(.soa) == ["localhost. root.localhost. 2 604800 86400 2419200 604800"])
        #expect(local.data(.a) == ["127.0.0.1"] && local.data(.aaaa) == ["::1"] && local.data(.ns) == ["localhost."])
        #expect(local.sink.observations.allSatisfy { $0.name == name("localhost.") && $0.ttl == 604_800 })
        o.origin = name("127.in-addr.arpa.")
        let reverse = try read(.zone, path: URL(fileURLWithPath: "/etc/bind/db.127"), options: o)
        #expect(reverse.sink.problems.isEmpty)
        #expect(reverse.names(.ptr) == ["1.0.0.127.in-addr.arpa."] && reverse.data(.ptr) == ["localhost."])
        for file in ["db.0", "db.255", "db.empty"] {
            o.origin = name("example.")
            #expect(try read(.zone, path: URL(fileURLWithPath: "/etc/bind/\(file)"), options: o).sink.problems.isEmpty)
        }
    }
}
