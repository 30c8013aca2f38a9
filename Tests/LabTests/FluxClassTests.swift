import DNSWire
import Testing
@testable import Lab

@Suite struct FluxClassTests {
    let world = LabFixture.world
    let day = 86400.0

    @Test func avalancheAnswersEightConsumerAgentsWithTTL180() throws {
        for seconds in [0, 0.4 * day, 1.3 * day, 2.9 * day] {
            let response = LabFixture.ask("www.avalanche-shop.lab", at: seconds)
            #expect(response.rcode == .noError && response.flags.aa)
            #expect(response.answers.count == 8)
            #expect(response.answers.allSatisfy { $0.ttl == 180 && $0.type == .a })
            let addresses = LabFixture.addresses(response)
            #expect(Set(addresses).count == 8)
            for address in addresses {
                let asn = try #require(LabFixture.origin(address))
                #expect(KnownASNs.consumer.contains(asn), "\(address) is in AS\(asn)")
            }
        }
    }

    @Test func avalancheSpreadsOverManyAddressesAndASes() {
        var seen = Set<IPAddress>()
        for i in 0..<40 { seen.formUnion(LabFixture.addresses(LabFixture.ask("avalanche-shop.lab", at: Double(i) * 1800))) }
        let asns = Set(seen.compactMap { LabFixture.origin($0) })
        #expect(seen.count > 250)
        #expect(asns.count >= 15)
    }

    @Test func agentsJoinAndLeaveOverDays() throws {
        let zone = try #require(world.zones.first { $0.apex == (try DNSName("avalanche-shop.lab.")) } as? PoolZone)
        let early = Set(zone.pool.onlineAddresses(at: 0))
        let sameHour = Set(zone.pool.onlineAddresses(at: 600))
        let later = Set(zone.pool.onlineAddresses(at: 4 * day))
        #expect(early.count > 1000 && early.count < 2000)  // about half of 3000 online
        #expect(early.intersection(sameHour).count > early.count * 9 / 10)
        #expect(early.intersection(later).count < early.count / 20)
    }

    @Test func wildcardSubdomainsAnswer() {
        for label in ["x7k2qz", "login-update", "a.b.c"] {
            let response = LabFixture.ask("\(label).avalanche-shop.lab", at: 5000)
            #expect(response.rcode == .noError)
            #expect(response.answers.count == 8)
            #expect(response.answers.allSatisfy { $0.name.description == "\(label).avalanche-shop.lab." })
        }
        // Without a wildcard, unknown names do not exist.
        let response = LabFixture.ask("x7k2qz.bigportal.lab")
        #expect(response.rcode == .nxDomain)
        #expect(response.authority.first?.type == .soa)
    }

    @Test func waledacAnswersOneAgentWithTTLZero() throws {
        var seen = Set<IPAddress>()
        for i in 0..<30 {
            let response = LabFixture.ask("waledac-greetings.lab", at: Double(i) * 97)
            #expect(response.answers.count == 1)
            #expect(response.answers.first?.ttl == 0)
            seen.formUnion(LabFixture.addresses(response))
        }
        #expect(seen.count >= 25)
    }

    @Test func fluxZonesHaveNoIPv6() {
        let response = LabFixture.ask("www.avalanche-shop.lab", .aaaa)
        #expect(response.rcode == .noError && response.answers.isEmpty)
        #expect(response.authority.first?.type == .soa)
        #expect(response.authority.first?.ttl == 60)
    }

    @Test func probeListHasRandomWildcardNames() {
        let names = world.probeDomains().map(\.description).filter { $0.hasSuffix(".avalanche-shop.lab.") }
        #expect(names.count >= 4)  // www and three random names
    }
}
