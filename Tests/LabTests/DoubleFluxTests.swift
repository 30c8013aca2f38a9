import DNSWire
import Testing
@testable import Lab

@Suite struct DoubleFluxTests {
    let hour = 3600.0

    @Test func parentRefersWithLowTTLNSAndGlue() throws {
        let response = LabFixture.ask("www.pharma-double.lab", .a, at: 100, view: .parent)
        #expect(response.rcode == .noError)
        #expect(!response.flags.aa)
        #expect(response.answers.isEmpty)
        #expect(response.authority.count == 4)
        #expect(response.authority.allSatisfy { $0.type == .ns && $0.ttl == 600 && $0.name.description == "pharma-double.lab." })
        #expect(response.additional.count == 4)
        #expect(response.additional.allSatisfy { $0.type == .a && $0.ttl == 300 })
        for glue in response.additional {
            #expect(glue.name.isSubdomain(of: try DNSName("pharma-double.lab.")))
            let address = try #require(LabFixture.addresses(Message(answers: [glue])).first)
            #expect(KnownASNs.consumer.contains(try #require(LabFixture.origin(address))))
        }
    }

    @Test func nsSetChurnsAtTheParent() {
        var sets = Set<[String]>()
        var names = Set<String>()
        for i in 0..<16 {  // 4 days, every 6 simulated hours
            let response = LabFixture.ask("pharma-double.lab", .ns, at: Double(i) * 6 * hour + 60, view: .parent)
            let set = response.authority.compactMap { record -> String? in
                if case .name(let n) = record.data { return n.description } else { return nil }
            }
            sets.insert(set.sorted())
            names.formUnion(set)
        }
        #expect(sets.count >= 8)
        #expect(names.count >= 10)  // most of the pool of 12
    }

    @Test func glueMovesBetweenAgents() throws {
        let world = LabFixture.world
        let apex = try DNSName("pharma-double.lab.")
        let zone = try #require(world.zones.first { $0.apex == apex } as? DoubleFluxZone)
        let host = try DNSName("ns3.pharma-double.lab.")
        var seen = Set<IPAddress>()
        for i in 0..<12 { seen.formUnion(zone.hostAddresses(host, at: Double(i) * hour)) }  // rotation 30 min
        #expect(seen.count >= 10)
        // Within a rotation period the glue holds.
        #expect(zone.hostAddresses(host, at: 10) == zone.hostAddresses(host, at: 11))
    }

    @Test func zoneAnswersItsOwnNSAuthoritatively() {
        let parent = LabFixture.ask("pharma-double.lab", .ns, at: 7 * hour, view: .parent)
        let child = LabFixture.ask("pharma-double.lab", .ns, at: 7 * hour)
        #expect(child.flags.aa)
        #expect(child.answers == parent.authority)
        #expect(Set(child.additional) == Set(parent.additional))
        // Every NS host of the pool resolves, in use or not.
        let host = LabFixture.ask("ns12.pharma-double.lab", .a, at: 7 * hour)
        #expect(host.answers.count == 1 && host.answers[0].ttl == 300)
    }

    @Test func zeroGlueTTLVariant() {
        let response = LabFixture.ask("evil-double.lab", .ns, at: 0, view: .parent)
        #expect(response.authority.count == 5)
        #expect(response.additional.allSatisfy { $0.ttl == 0 })
    }

    @Test func benignDelegationIsStable() {
        let early = LabFixture.ask("www.webfarm-hetzner.lab", .a, at: 0, view: .parent)
        let late = LabFixture.ask("www.webfarm-hetzner.lab", .a, at: 20 * 86400, view: .parent)
        #expect(early.authority == late.authority && early.additional == late.additional)
        #expect(early.authority.allSatisfy { $0.ttl == 86400 })
    }
}
