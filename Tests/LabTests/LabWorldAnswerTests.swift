import DNSWire
import Testing
@testable import Lab

@Suite struct LabWorldAnswerTests {
    @Test func namesOutsideTheZonesAreRefused() {
        let response = LabFixture.ask("www.example.com")
        #expect(response.rcode == .refused)
        #expect(!response.flags.aa && response.answers.isEmpty)
    }

    @Test func missingNamesAreNXDomainWithTheSOA() {
        let response = LabFixture.ask("nothing.webfarm-hetzner.lab")
        #expect(response.rcode == .nxDomain && response.flags.aa)
        #expect(response.authority.map(\.type) == [.soa])
        let tld = LabFixture.ask("unregistered.lab")
        #expect(tld.rcode == .nxDomain && tld.flags.aa)
        #expect(tld.authority.first?.name.description == "lab.")
    }

    @Test func missingTypesAreNoData() {
        let response = LabFixture.ask("www.webfarm-hetzner.lab", .mx)
        #expect(response.rcode == .noError && response.answers.isEmpty)
        #expect(response.authority.map(\.type) == [.soa])
    }

    @Test func apexServesSOAAndNSWithGlue() {
        let soa = LabFixture.ask("timepool.lab", .soa)
        #expect(soa.answers.map(\.type) == [.soa])
        let ns = LabFixture.ask("timepool.lab", .ns)
        #expect(ns.answers.count == 2 && ns.additional.count == 2)
        let tld = LabFixture.ask("lab", .ns)
        #expect(tld.flags.aa && tld.answers.count == 2)
    }

    @Test func parentAnswersDSAtTheCutItself() {
        let response = LabFixture.ask("pharma-double.lab", .ds, view: .parent)
        #expect(response.flags.aa && response.rcode == .noError && response.answers.isEmpty)
        #expect(response.authority.first?.name.description == "lab.")
    }

    @Test func queryCaseIsKept() {
        let response = LabFixture.ask("WWW.Avalanche-Shop.LAB")
        #expect(response.questions.first?.name.description == "WWW.Avalanche-Shop.LAB.")
        #expect(response.answers.first?.name.description == "WWW.Avalanche-Shop.LAB.")
    }

    @Test func unsupportedRequestsGetTheirCodes() {
        let question = Question(name: try! DNSName("timepool.lab."), type: .a)
        var notify = Message(id: 9, questions: [question])
        notify.flags.opcode = .notify
        #expect(LabFixture.world.answer(notify, at: LabFixture.time(0)).rcode == .notImp)
        let future = Message(id: 9, questions: [question], edns: EDNS(version: 1))
        #expect(LabFixture.world.answer(future, at: LabFixture.time(0)).rcode == .badVers)
        let transfer = Message(id: 9, questions: [Question(name: question.name, type: .axfr)])
        #expect(LabFixture.world.answer(transfer, at: LabFixture.time(0)).rcode == .refused)
        let twoQuestions = Message(id: 9, questions: [question, question])
        #expect(LabFixture.world.answer(twoQuestions, at: LabFixture.time(0)).rcode == .formErr)
        let badECS = Message(id: 9, questions: [question],
                             edns: EDNS(options: [EDNSOption(code: EDNSOption.clientSubnet, data: [0, 9, 0, 0])]))
        #expect(LabFixture.world.answer(badECS, at: LabFixture.time(0)).rcode == .formErr)
    }

    @Test func anyAtTheApexHasSOANSAndAddresses() {
        let response = LabFixture.ask("bigportal.lab", .any)
        let types = Set(response.answers.map(\.type))
        #expect(types == [.soa, .ns, .a, .aaaa])
    }

    @Test func labelsCoverEveryZoneWithItsClass() {
        let world = LabFixture.world
        let labels = world.labels()
        for (zone, kind) in world.zoneClasses {
            #expect(labels.contains { $0.domain == zone && $0.kind == kind })
        }
        #expect(labels.contains { $0.line == "avalanche-shop.lab\tflux\tfast-flux" })
        #expect(labels.contains { $0.line == "pharma-double.lab\tflux\tdouble-flux" })
        #expect(labels.contains { $0.line == "alice-nas.dynhome.lab\tbenign\tdynamic-dns" })
        #expect(world.labelsText().split(separator: "\n").allSatisfy { $0.split(separator: "\t").count == 3 })
        // Every probe name is labelled and answers.
        let labelled = Set(labels.map(\.domain))
        for name in world.probeDomains() {
            #expect(labelled.contains(name))
            #expect(world.answer(Question(name: name, type: .a), at: LabFixture.time(0)).rcode == .noError)
        }
    }

    @Test func staticNameServersOfSingleFluxZonesHaveNoClass() throws {
        let world = LabFixture.world
        let truth = LabTruth(world)
        // What the parent delegates to: one fixed address each, for a day.
        let referral = world.answer(Question(name: try DNSName("avalanche-shop.lab"), type: .ns), at: LabFixture.time(0), view: .parent)
        let hosts = referral.authority.compactMap { r -> DNSName? in if case .name(let n) = r.data { n } else { nil } }
        #expect(hosts.count == 2)
        for host in hosts {
            #expect(world.unclassifiedNames.contains(host))
            #expect(truth.kind(of: host) == nil)
            #expect(world.labelsText().contains("\(LabLabel(domain: host, kind: .fastFlux).domainText)\tignore\tname-server\n"))
        }
        // Names below the zone that are not its name servers keep the zone's class ...
        let ns3 = try DNSName("ns3.avalanche-shop.lab"), wildcard = try DNSName("qzx.avalanche-shop.lab")
        #expect(truth.kind(of: ns3) == .fastFlux)
        #expect(truth.kind(of: wildcard) == .fastFlux)
        // ... and double-flux name servers, which rotate, are double flux.
        let double = world.answer(Question(name: try DNSName("pharma-double.lab"), type: .ns), at: LabFixture.time(0), view: .parent)
        let doubleHosts = double.authority.compactMap { r -> DNSName? in if case .name(let n) = r.data { n } else { nil } }
        #expect(!doubleHosts.isEmpty)
        for host in doubleHosts { #expect(truth.kind(of: host) == .doubleFlux) }
        #expect(world.unclassifiedNames.allSatisfy { truth.kind(of: $0.parent) == .fastFlux })
    }
}
