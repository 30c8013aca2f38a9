import Foundation
import HTTPTypes
import HummingbirdTesting
import Server
import Testing

extension ServerSuites {
@Suite struct DomainsControllerTests {
    @Test func listsDomainsWithVerdictsAndFeatures() async throws {
        let f = try await ServerFixture.make()
        try await f.test { client in
            try await client.execute(uri: "/api/v1/domains", method: .get) { r in
                #expect(r.status == .ok)
                #expect(r.headers[.contentType]?.hasPrefix("application/json") == true)
                let json = r.json
                #expect(json["total"] as? Int == 3)
                let items = json["items"] as? [[String: Any]] ?? []
                #expect(items.count == 3)
                let names = items.compactMap { $0["domain"] as? String }
                #expect(Set(names) == ["www.flux-shop.test.", "login.flux-bank.test.", "www.quiet.test."])
                let shop = items.first { $0["domain"] as? String == "www.flux-shop.test." }
                #expect((shop?["features"] as? [String: Any])?["n_a"] as? Double == 60)
                #expect(shop?["holz_verdict"] as? String == "fast-flux")
            }
        }
    }

    @Test func filtersSortsAndPaginates() async throws {
        let f = try await ServerFixture.make()
        try await f.test { client in
            try await client.execute(uri: "/api/v1/domains?sort=domain&limit=2&offset=1", method: .get) { r in
                #expect(r.status == .ok)
                let items = r.json["items"] as? [[String: Any]] ?? []
                #expect(items.compactMap { $0["domain"] as? String } == ["www.flux-shop.test.", "www.quiet.test."])
                #expect(r.json["total"] as? Int == 3)
                #expect(r.json["offset"] as? Int == 1)
            }
            try await client.execute(uri: "/api/v1/domains?sort=-n_a&limit=1", method: .get) { r in
                let items = r.json["items"] as? [[String: Any]] ?? []
                #expect(items.first?["domain"] as? String == "www.flux-shop.test.")
            }
            try await client.execute(uri: "/api/v1/domains?q=quiet", method: .get) { r in
                #expect(r.json["total"] as? Int == 1)
            }
            try await client.execute(uri: "/api/v1/domains?offset=10", method: .get) { r in
                #expect(r.status == .ok)
                #expect((r.json["items"] as? [Any])?.isEmpty == true)
            }
            try await client.execute(uri: "/api/v1/domains?verdict=flux&level=fqdn", method: .get) { r in
                #expect(r.status == .ok)
            }
        }
    }

    @Test(arguments: ["limit=0", "limit=501", "limit=abc", "offset=-1", "sort=bogus", "verdict=evil", "level=tld",
                      "min_score=2", "min_score=NaN", "q=" + String(repeating: "a", count: 300)])
    func rejectsBadParametersWith400(_ query: String) async throws {
        let f = try await ServerFixture.make()
        try await f.test { client in
            try await client.execute(uri: "/api/v1/domains?\(query)", method: .get) { r in
                #expect(r.status == .badRequest)
                let error = r.json["error"] as? [String: Any]
                #expect(error?["code"] as? String == "bad_parameter")
                #expect((error?["message"] as? String)?.isEmpty == false)
            }
        }
    }

    @Test func showsOneDomainWithBothVerdicts() async throws {
        let f = try await ServerFixture.make()
        try await f.test { client in
            try await client.execute(uri: "/api/v1/domains/www.flux-shop.test", method: .get) { r in
                #expect(r.status == .ok)
                #expect(r.json["domain"] as? String == "www.flux-shop.test.")
                #expect((r.json["fluxscope"] as? [String: Any])?["model"] as? String == "fluxscope")
                #expect((r.json["holz"] as? [String: Any])?["model"] as? String == "holz")
                #expect(r.json["watch"] is NSNull)
            }
            try await client.execute(uri: "/api/v1/domains/nothing.test", method: .get) { r in
                #expect(r.status == .notFound)
            }
            try await client.execute(uri: "/api/v1/domains/bad..name", method: .get) { r in
                #expect(r.status == .badRequest)
            }
            try await client.execute(uri: "/api/v1/domains/" + String(repeating: "a", count: 70) + ".test", method: .get) { r in
                #expect(r.status == .badRequest)
            }
        }
    }

    @Test func timelineHasAddressesGrowthAndNameServers() async throws {
        let f = try await ServerFixture.make()
        try await f.test { client in
            try await client.execute(uri: "/api/v1/domains/www.flux-shop.test/timeline", method: .get) { r in
                #expect(r.status == .ok)
                let addresses = r.json["addresses"] as? [[String: Any]] ?? []
                #expect(addresses.count == 60)
                #expect(addresses.first?["min_ttl"] as? Int == 60)
                #expect(addresses.first?["asn"] as? Int == 64_500)
                let growth = r.json["growth"] as? [[String: Any]] ?? []
                #expect(growth.last?["addresses"] as? Int == 60)
                #expect(growth.last?["asns"] as? Int == 20)
                #expect((r.json["name_servers"] as? [Any])?.count == 1)
            }
            try await client.execute(uri: "/api/v1/domains/unseen.test/timeline", method: .get) { r in
                #expect(r.status == .notFound)
            }
        }
    }
}
}
