import DNSWire
import FluxModel
import Testing
@testable import Detection

@Suite struct FluxNetworkTests {
    static func member(_ name: String, _ agents: [UInt32], asn: UInt32 = 1) -> FluxMember {
        FluxMember(domain: try! DNSName(name), agents: agents.map {
            .init(address: .v4(IPv4Address(0x0B00_0000 + $0)), firstSeen: Double($0) * 86_400, lastSeen: Double($0) * 86_400 + 10,
                  count: 1, info: AddressInfo(asn: asn + $0 % 3, country: $0 % 2 == 0 ? "US" : "BR"))
        })
    }

    @Test func dampingNeverMergesOnOneSharedAddress() {
        #expect(FluxNetworkClustering.similarity(shared: 1, sizeA: 1, sizeB: 1) == 0)
        #expect(FluxNetworkClustering.similarity(shared: 2, sizeA: 8, sizeB: 8) > FluxNetworkClustering.threshold)
        let nets = FluxNetworkClustering.cluster([Self.member("a.example.", [1, 2, 3]), Self.member("b.example.", [3, 4, 5])])
        #expect(nets.count == 2)
    }

    @Test func sharedAgentsMergeTransitively() {
        // a and b share 3 agents, b and c share 2: single linkage joins all three; d stays alone.
        let nets = FluxNetworkClustering.cluster([
            Self.member("a.example.", [1, 2, 3, 4, 5, 6, 7, 8]),
            Self.member("b.example.", [6, 7, 8, 9, 10, 11, 12, 13]),
            Self.member("c.example.", [12, 13, 14, 15, 16, 17, 18, 19]),
            Self.member("d.example.", [100, 101, 102]),
        ])
        #expect(nets.count == 2)
        let big = nets[0]
        #expect(big.domains.map(\.description) == ["a.example.", "b.example.", "c.example."])
        #expect(big.agents.count == 19)
        #expect(big.asns == [1, 2, 3])
        #expect(big.countries == ["BR", "US"])
        #expect(big.growth.count == 19)   // one new agent per day in this construction
        #expect(big.firstSeen == 86_400)
    }

    @Test func idsAreStableAsTheNetworkGrows() {
        let first = FluxNetworkClustering.cluster([Self.member("a.example.", [1, 2, 3, 4]), Self.member("z.example.", [50, 51, 52])])
        let previous = Dictionary(uniqueKeysWithValues: first.map { ($0.id, Set($0.domains)) })
        // A new domain joins a's network; z's network is unchanged.
        let second = FluxNetworkClustering.cluster([
            Self.member("z.example.", [50, 51, 52]),
            Self.member("a.example.", [1, 2, 3, 4]),
            Self.member("b.example.", [3, 4, 5, 6]),
        ], previous: previous)
        let idOfA1 = first.first { $0.domains.contains(try! DNSName("a.example.")) }!.id
        let idOfA2 = second.first { $0.domains.contains(try! DNSName("a.example.")) }!.id
        #expect(idOfA1 == idOfA2)
        #expect(Set(second.map(\.id)) == Set(first.map(\.id)))
        // Without history the same input still gets deterministic ids.
        #expect(FluxNetworkClustering.cluster([Self.member("a.example.", [1, 2])]).map(\.id)
                == FluxNetworkClustering.cluster([Self.member("a.example.", [1, 2])]).map(\.id))
    }
}
