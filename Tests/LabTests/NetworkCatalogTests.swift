import DNSWire
import Testing
@testable import Lab

@Suite struct NetworkCatalogTests {
    @Test func enumeratesTheNetworksOfAnAS() throws {
        let catalog = try NetworkCatalog.load(asns: [7922, 13335])
        let comcast = catalog.networks(of: 7922, v4: true)
        #expect(comcast.count > 50)
        #expect(!catalog.networks(of: 13335, v4: false).isEmpty)
        var generator = SplitMix64(seed: 3)
        for network in comcast.prefix(40) {
            let address = network.pickAddress(using: &generator)
            #expect(network.contains(address))
            #expect(catalog.originASN(of: address) == 7922, "\(address) from \(network)")
        }
    }

    @Test func reportsASesTheDatabaseLacks() throws {
        let catalog = try NetworkCatalog.load(asns: [64512, 3320])  // 64512: private use
        #expect(catalog.missing == [64512])
        #expect(catalog.networks[3320] != nil)
    }

    @Test func aWorldSkipsAMissingASWithAWarning() throws {
        var spec = ZoneSpec(name: "mixed.lab", kind: .seederPool)
        spec.asns = [64513, 3215]
        let world = try LabFixture.world([spec])
        #expect(world.warnings.contains { $0.contains("AS64513") })
        let origins = LabFixture.addresses(LabFixture.ask("seed.mixed.lab", world: world)).compactMap { LabFixture.origin($0) }
        #expect(!origins.isEmpty && origins.allSatisfy { $0 == 3215 })
    }

    @Test func aZoneWithoutAnyNetworkIsAnError() {
        var spec = ZoneSpec(name: "empty.lab", kind: .vpn)
        spec.asns = [64514]
        let error = #expect(throws: LabError.self) { try LabFixture.world([spec]) }
        #expect(error?.key == "zones[0].asns")
    }

    @Test func missingDatabaseIsAClearError() {
        let error = #expect(throws: LabError.self) {
            try NetworkCatalog.load(asns: [1], databasePath: "/nonexistent/location.db")
        }
        #expect(error?.path == "/nonexistent/location.db")
    }
}
