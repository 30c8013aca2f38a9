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

    static func memberships(_ networks: [FluxNetwork], createdAt: Double) -> [NetworkMembership] {
        networks.map { NetworkMembership(id: $0.id, domains: Set($0.domains), createdAt: createdAt) }
    }

    static func id(of name: String, in networks: [FluxNetwork]) -> String? {
        networks.first { $0.domains.contains(try! DNSName(name)) }?.id
    }

    @Test func idIsKeptAsTheNetworkGrowsAcrossTwoRuns() {
        let first = FluxNetworkClustering.cluster([Self.member("a.example.", [1, 2, 3, 4]), Self.member("z.example.", [50, 51, 52])])
        #expect(first.count == 2)
        // A new domain joins a's network and takes the smallest name; z's network is unchanged.
        let second = FluxNetworkClustering.cluster([
            Self.member("z.example.", [50, 51, 52]),
            Self.member("a.example.", [1, 2, 3, 4]),
            Self.member("0.example.", [3, 4, 5, 6]),
        ], previous: Self.memberships(first, createdAt: 1))
        #expect(second.count == 2)
        #expect(Self.id(of: "0.example.", in: second) == Self.id(of: "a.example.", in: first))
        #expect(Self.id(of: "z.example.", in: second) == Self.id(of: "z.example.", in: first))
        // Without history the grown network would be named after its new first domain.
        let fresh = FluxNetworkClustering.cluster([Self.member("a.example.", [1, 2, 3, 4]), Self.member("0.example.", [3, 4, 5, 6])])
        #expect(fresh[0].id != Self.id(of: "a.example.", in: first))
    }

    @Test func mergeKeepsTheOlderID() {
        let older = FluxNetworkClustering.cluster([Self.member("m.example.", [1, 2, 3, 4])])
        let younger = FluxNetworkClustering.cluster([Self.member("b.example.", [10, 11, 12, 13]), Self.member("c.example.", [10, 11, 12, 14])])
        let previous = Self.memberships(older, createdAt: 100) + Self.memberships(younger, createdAt: 200)
        // A bridge domain shares agents with both: one network, holding more of the younger one's domains.
        let merged = FluxNetworkClustering.cluster([
            Self.member("m.example.", [1, 2, 3, 4]), Self.member("b.example.", [10, 11, 12, 13]),
            Self.member("c.example.", [10, 11, 12, 14]), Self.member("bridge.example.", [1, 2, 3, 10, 11, 12]),
        ], previous: previous)
        #expect(merged.count == 1)
        #expect(merged[0].id == older[0].id)
        #expect(merged[0].id != younger[0].id)
        // The same merge with the ages swapped keeps the other id.
        let swapped = FluxNetworkClustering.cluster([
            Self.member("m.example.", [1, 2, 3, 4]), Self.member("b.example.", [10, 11, 12, 13]),
            Self.member("c.example.", [10, 11, 12, 14]), Self.member("bridge.example.", [1, 2, 3, 10, 11, 12]),
        ], previous: Self.memberships(older, createdAt: 300) + Self.memberships(younger, createdAt: 200))
        #expect(swapped.map(\.id) == [younger[0].id])
        // The retired id leads to the survivor; a network the run did not see has no successor.
        let unseen = NetworkMembership(id: "fn-unseen", domains: [try! DNSName("elsewhere.example.")], createdAt: 50)
        #expect(FluxNetworkClustering.successors(of: previous + [unseen], in: merged) == [younger[0].id: older[0].id])
        #expect(FluxNetworkClustering.successors(of: previous, in: older + younger).isEmpty)
    }

    @Test func mergeOfEquallyOldNetworksKeepsTheLargerOnesID() {
        // Named in the same run: a three-domain network and a lone domain whose id sorts first.
        let big = [Self.member("a.example.", [1, 2, 3, 4]), Self.member("b.example.", [3, 4, 5, 6]), Self.member("c.example.", [5, 6, 7, 8])]
        let lone = Self.member("z.example.", [40, 41, 42])
        let first = FluxNetworkClustering.cluster(big + [lone])
        let (bigID, loneID) = (Self.id(of: "a.example.", in: first)!, Self.id(of: "z.example.", in: first)!)
        let previous = first.map { NetworkMembership(id: $0.id, domains: Set($0.domains), createdAt: 1) }
            + [NetworkMembership(id: "fn-00000000", domains: [try! DNSName("y.example.")], createdAt: 1)]
        // z joins the big network through shared agents; so does y, whose remembered id sorts first.
        let merged = FluxNetworkClustering.cluster(big + [Self.member("z.example.", [7, 8, 40, 41]), Self.member("y.example.", [1, 2, 9])],
                                                   previous: previous)
        #expect(merged.count == 1)
        #expect(merged[0].id == bigID && merged[0].id != loneID)
    }

    @Test func splitKeepsTheIDOnTheLargerPart() {
        let whole = FluxNetworkClustering.cluster([
            Self.member("a.example.", [1, 2, 3, 4]), Self.member("b.example.", [3, 4, 5, 6]),
            Self.member("c.example.", [5, 6, 7, 8]),
        ])
        #expect(whole.count == 1)
        // c no longer shares agents: a and b keep the id, c gets a new one.
        let split = FluxNetworkClustering.cluster([
            Self.member("a.example.", [1, 2, 3, 4]), Self.member("b.example.", [3, 4, 5, 6]),
            Self.member("c.example.", [70, 71, 72]),
        ], previous: Self.memberships(whole, createdAt: 1))
        #expect(split.count == 2)
        #expect(Self.id(of: "a.example.", in: split) == whole[0].id)
        #expect(Self.id(of: "c.example.", in: split) != whole[0].id)
    }

    @Test func newUnrelatedNetworkGetsANewID() {
        let first = FluxNetworkClustering.cluster([Self.member("a.example.", [1, 2, 3, 4])])
        let second = FluxNetworkClustering.cluster([
            Self.member("a.example.", [1, 2, 3, 4]), Self.member("q.example.", [90, 91, 92]),
        ], previous: Self.memberships(first, createdAt: 1))
        #expect(second.count == 2)
        let newID = Self.id(of: "q.example.", in: second)
        #expect(newID != nil && newID != first[0].id)
        #expect(newID?.hasPrefix("fn-") == true)
        // Ids without history are deterministic.
        #expect(FluxNetworkClustering.cluster([Self.member("a.example.", [1, 2])]).map(\.id)
                == FluxNetworkClustering.cluster([Self.member("a.example.", [1, 2])]).map(\.id))
    }
}
