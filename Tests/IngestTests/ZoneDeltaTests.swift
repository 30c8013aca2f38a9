import DNSWire
import FluxModel
import Testing
@testable import Ingest

@Suite struct ZoneDeltaTests {
    func delegations(_ zone: String) throws -> ZoneDelegations {
        var collector = DelegationCollector()
        var options = ReadOptions()
        options.snapshotTime = 1
        _ = try TextFormat.zone.reader.read(bytes: Array(zone.utf8), name: "z", options: options, sources: { _ in 1 }, into: &collector)
        #expect(collector.problems.isEmpty)
        return collector.delegations
    }

    static let head = "$ORIGIN example.\n$TTL 86400\n@ SOA ns.nic hostmaster.nic 1 2 3 4 5\n@ NS ns.nic\nns.nic A 192.0.2.1\n"

    @Test func nsChurnAndGlue() throws {
        let old = try delegations(Self.head + """
        flux NS ns1.flux
        flux NS ns2.flux
        ns1.flux 300 A 198.51.100.1
        ns2.flux 300 A 198.51.100.2
        calm NS ns.other.net.
        gone NS ns.gone
        """)
        let new = try delegations(Self.head + """
        flux 600 NS ns2.flux
        flux 600 NS ns3.flux
        ns2.flux 180 A 203.0.113.9
        ns3.flux 180 A 203.0.113.10
        calm NS ns.other.net.
        fresh NS ns.fresh
        ns.fresh 30 AAAA 2001:db8::53
        """)
        #expect(old.apex == name("example.") && old.delegations.count == 3)
        let changes = ZoneDelta.compare(old: old, new: new)
        #expect(changes.map { "\($0.domain) \($0.kind)" } == ["flux.example. changed", "fresh.example. added", "gone.example. removed"])
        let flux = changes[0]
        #expect(flux.addedNameservers == [name("ns3.flux.example.")] && flux.removedNameservers == [name("ns1.flux.example.")])
        #expect(flux.addedGlue[name("ns2.flux.example.")] == [.v4(IPv4Address(203, 0, 113, 9))])
        #expect(flux.removedGlue[name("ns2.flux.example.")] == [.v4(IPv4Address(198, 51, 100, 2))])
        #expect(flux.removedGlue[name("ns1.flux.example.")] == [.v4(IPv4Address(198, 51, 100, 1))])
        #expect(flux.glueTTLs[name("ns3.flux.example.")] == [.v4(IPv4Address(203, 0, 113, 10)): 180])
        #expect(flux.nsTTL.old == 86400 && flux.nsTTL.new == 600)
        #expect(changes[1].glueTTLs[name("ns.fresh.example.")] == [.v6(IPv6Address("2001:db8::53")!): 30])
        #expect(ZoneDelta.compare(old: new, new: new).isEmpty)
    }

    @Test func glueTTLChangeAloneIsAChange() throws {
        let a = try delegations(Self.head + "d NS ns.d\nns.d 3600 A 192.0.2.7\n")
        let b = try delegations(Self.head + "d NS ns.d\nns.d 60 A 192.0.2.7\n")
        let changes = ZoneDelta.compare(old: a, new: b)
        #expect(changes.count == 1 && changes[0].addedGlue.isEmpty && changes[0].glueTTLs[name("ns.d.example.")]?.values.first == 60)
    }
}
