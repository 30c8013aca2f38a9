import Foundation
import HTTPTypes
import HummingbirdTesting
import Server
import Testing

extension ServerSuites {
@Suite struct ReportsControllerTests {
    @Test func registryReportListsTheFixturesFluxDomainsWithWindowAndModel() async throws {
        let f = try await ServerFixture.make()
        try await f.test { client in
            try await client.execute(uri: "/api/v1/reports/registry", method: .get) { r in
                #expect(r.status == .ok)
                #expect(r.headers[.contentType]?.hasPrefix("application/json") == true)
                let doc = r.json
                #expect(doc["report"] as? String == "registry" && doc["model"] as? String == "fluxscope")
                #expect((doc["window_start"] as? String)?.hasPrefix("2025-03-01") == true)
                let rows = doc["rows"] as? [[String: Any]] ?? []
                let domains = Set(rows.compactMap { $0["domain"] as? String })
                #expect(domains.contains("www.flux-shop.test."), "\(r.text)")
                #expect(!domains.contains("www.quiet.test."))
                let shop = rows.first { $0["domain"] as? String == "www.flux-shop.test." }
                #expect(shop?["ns_operator"] as? String == "flux-shop.test." && shop?["tld"] as? String == "test")
            }
            try await client.execute(uri: "/api/v1/reports/registry?format=csv&tld=com", method: .get) { r in
                #expect(r.status == .ok)
                #expect(r.text.split(separator: "\r\n").count == 1)  // the header only: no .com flux domain
            }
            try await client.execute(uri: "/api/v1/reports/registry?format=xml", method: .get) { r in
                #expect(r.status == .badRequest)
            }
            try await client.execute(uri: "/api/v1/reports/registry?tld=a%20b", method: .get) { r in
                #expect(r.status == .badRequest)
            }
            try await client.execute(uri: "/api/v1/reports/nope", method: .get) { r in
                #expect(r.status == .notFound)
            }
        }
    }

    @Test func exposureReportSaysClientsWereNotRecorded() async throws {
        let f = try await ServerFixture.make()
        try await f.test { client in
            try await client.execute(uri: "/api/v1/reports/exposure?since=0", method: .get) { r in
                #expect(r.status == .ok)
                #expect((r.json["clients"] as? String)?.hasPrefix("not recorded") == true, "\(r.text)")
                #expect((r.json["rows"] as? [Any])?.isEmpty == true)
            }
            try await client.execute(uri: "/api/v1/reports/exposure?format=text", method: .get) { r in
                #expect(r.status == .ok && r.text.contains("# clients: not recorded"))
            }
            try await client.execute(uri: "/api/v1/reports/exposure?until=soon", method: .get) { r in
                #expect(r.status == .badRequest)
            }
        }
    }

    @Test func knownPathWithTheWrongMethodIs405WithAllow() async throws {
        let f = try await ServerFixture.make()
        try await f.test { client in
            try await client.execute(uri: "/api/v1/domains", method: .post) { r in
                #expect(r.status == .methodNotAllowed)
                #expect(r.headers[.allow] == "GET")
                #expect((r.json["error"] as? [String: Any])?["code"] as? String == "method_not_allowed")
            }
            try await client.execute(uri: "/api/v1/watchlist", method: .delete) { r in
                #expect(r.status == .methodNotAllowed && r.headers[.allow] == "GET, POST")
            }
            try await client.execute(uri: "/api/v1/watchlist/www.example.com", method: .get) { r in
                #expect(r.status == .methodNotAllowed && r.headers[.allow] == "DELETE")
            }
            try await client.execute(uri: "/api/v1/reports/registry", method: .put) { r in
                #expect(r.status == .methodNotAllowed && r.headers[.allow] == "GET")
            }
            try await client.execute(uri: "/api/v1/no-such-thing", method: .post) { r in
                #expect(r.status != .methodNotAllowed && r.status.code >= 400 && r.status.code < 500)
            }
            try await client.execute(uri: "/api/v1/domains", method: .get) { r in
                #expect(r.status == .ok)
            }
        }
    }
}
}
