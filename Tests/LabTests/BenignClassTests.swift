import DNSWire
import Testing
@testable import Lab

@Suite struct BenignClassTests {
    let day = 86400.0

    func origins(_ response: Message) -> Set<UInt32> {
        Set(LabFixture.addresses(response).compactMap { LabFixture.origin($0) })
    }

    @Test func cdnAnswersThroughACNAMEChainFromItsAS() throws {
        let response = LabFixture.ask("www.shop-akamai.lab", .a, at: 1000)
        #expect(response.flags.aa && response.rcode == .noError)
        let kinds = response.answers.map(\.type)
        #expect(kinds == [.cname, .cname, .a, .a])
        if case .name(let target) = response.answers[0].data {
            #expect(target.isSubdomain(of: try DNSName("cdn-provider.lab.")))
        }
        #expect(response.answers.last?.ttl == 20)
        #expect(origins(response) == [20940])
        let v6 = LabFixture.ask("www.shop-akamai.lab", .aaaa, at: 1000)
        #expect(v6.answers.filter { $0.type == .aaaa }.count == 2)
        #expect(origins(v6) == [20940])
    }

    @Test func cdnAnswersDependOnTheClientRegion() {
        var sets = Set<[IPAddress]>()
        for port in UInt16(40000)..<40012 {
            let client = LabClient(address: IPAddress("127.0.0.1"), port: port)
            sets.insert(LabFixture.addresses(LabFixture.ask("shop-akamai.lab", at: 50, client: client)).sorted())
        }
        #expect(sets.count >= 3)
        // With EDNS Client Subnet, the subnet decides, not the port.
        let ecs = EDNSOption(code: EDNSOption.clientSubnet, data: [0, 1, 24, 0, 192, 0, 2])
        let question = Question(name: try! DNSName("shop-akamai.lab."), type: .a)
        let a = LabFixture.world.answer(question, at: LabFixture.time(50), client: LabClient(port: 1), edns: EDNS(options: [ecs]))
        let b = LabFixture.world.answer(question, at: LabFixture.time(50), client: LabClient(port: 2), edns: EDNS(options: [ecs]))
        #expect(a.answers == b.answers)
        #expect(a.edns?.options.first?.data == [0, 1, 24, 24, 192, 0, 2])
    }

    @Test func anycastCDNIsTheSameEverywhereAndStable() {
        var sets = Set<Set<IPAddress>>()
        for port in UInt16(1000)..<1010 {
            let client = LabClient(port: port)
            sets.insert(Set(LabFixture.addresses(LabFixture.ask("www.news-cloudflare.lab", at: 3 * 3600, client: client))))
        }
        #expect(sets.count == 1)
        #expect(origins(LabFixture.ask("www.news-cloudflare.lab")) == [13335])
        #expect(LabFixture.ask("www.news-cloudflare.lab").answers.last?.ttl == 300)
    }

    @Test func roundRobinRotatesAFixedSet() {
        let first = LabFixture.ask("www.webfarm-hetzner.lab", at: 0)
        let next = LabFixture.ask("www.webfarm-hetzner.lab", at: 1)
        let weekLater = LabFixture.ask("www.webfarm-hetzner.lab", at: 7 * day + 5)
        #expect(first.answers.count == 8 && first.answers.allSatisfy { $0.ttl == 3600 })
        #expect(Set(LabFixture.addresses(first)) == Set(LabFixture.addresses(weekLater)))
        #expect(LabFixture.addresses(first) != LabFixture.addresses(next))
        #expect(origins(first) == [24940])
        let mail = LabFixture.ask("smtp.mailfarm-ovh.lab")
        #expect(mail.answers.count == 4 && mail.answers.allSatisfy { $0.ttl == 300 })
        #expect(origins(mail) == [16276])
    }

    @Test func ntpPoolAnswersFourFromManyASesAndChangesSlowly() throws {
        var asns = Set<UInt32>()
        for i in 0..<20 {
            let response = LabFixture.ask("\(i % 4).timepool.lab", at: Double(i) * 600)
            #expect(response.answers.count == 4 && response.answers.allSatisfy { $0.ttl == 150 })
            asns.formUnion(origins(response))
        }
        #expect(asns.count >= 10)
        #expect(asns.isSubset(of: Set(KnownASNs.consumer + KnownASNs.hosting)))
        let zone = try #require(LabFixture.world.zones.first { $0.kind == .ntpPool } as? PoolZone)
        let now = Set(zone.pool.onlineAddresses(at: 0)), dayLater = Set(zone.pool.onlineAddresses(at: day))
        #expect(now.intersection(dayLater).count > now.count * 85 / 100)
    }

    @Test func mirrorsComeFromUniversitiesAndHosting() {
        let response = LabFixture.ask("download.mirrors.lab", at: 42)
        #expect(response.answers.count == 4 && response.answers.allSatisfy { $0.ttl == 600 })
        #expect(origins(response).isSubset(of: Set(KnownASNs.education + KnownASNs.hosting)))
    }

    @Test func seederAnswersTwentyFiveResidentialNodes() {
        let response = LabFixture.ask("seed.coinseed.lab", at: 3 * day)
        #expect(response.answers.count == 25 && response.answers.allSatisfy { $0.ttl == 60 })
        let asns = origins(response)
        #expect(asns.count >= 8)
        #expect(asns.isSubset(of: Set(KnownASNs.consumer)))
    }

    @Test func dynamicDNSHostChangesEveryFewDaysInOneAS() {
        var seen: [IPAddress] = []
        for hour in stride(from: 0.0, to: 15 * 24, by: 6) {
            let response = LabFixture.ask("alice-nas.dynhome.lab", at: hour * 3600)
            #expect(response.answers.count == 1 && response.answers[0].ttl == 60)
            if let address = LabFixture.addresses(response).first, seen.last != address { seen.append(address) }
        }
        #expect((4...7).contains(seen.count))  // every 3 days over 15 days
        #expect(Set(seen.compactMap { LabFixture.origin($0) }).count == 1)
    }

    @Test func largeSiteAnswersSixteenFromItsTwoASes() {
        let v4 = LabFixture.ask("www.bigportal.lab", at: 10)
        #expect(v4.answers.count == 16 && v4.answers.allSatisfy { $0.ttl == 300 })
        #expect(origins(v4) == [8075, 8068])
        let v6 = LabFixture.ask("www.bigportal.lab", .aaaa, at: 10)
        #expect(v6.answers.count == 16)
        #expect(origins(v6).isSubset(of: [8075, 8068]))
    }

    @Test func vpnExitsAreHostingAddresses() {
        var asns = Set<UInt32>()
        for i in 0..<10 { asns.formUnion(origins(LabFixture.ask("gw.fastvpn.lab", at: Double(i) * 3600))) }
        #expect(asns.count >= 5)
        #expect(asns.isSubset(of: Set(KnownASNs.hosting)))
        #expect(LabFixture.ask("connect.fastvpn.lab").answers.allSatisfy { $0.ttl == 300 })
    }
}
