import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Server
import Testing

/// Networks, addresses, exports, status and metrics.
extension ServerSuites {
@Suite struct ResourceControllersTests {
    @Test func networksListAndDetail() async throws {
        let f = try await ServerFixture.make()
        let networks = f.cache.snapshot?.result.networks ?? []
        try await f.test { client in
            try await client.execute(uri: "/api/v1/networks", method: .get) { r in
                #expect(r.status == .ok)
                #expect(r.json["total"] as? Int == networks.count)
            }
            if let n = networks.first {
                try await client.execute(uri: "/api/v1/networks/\(n.id)", method: .get) { r in
                    #expect(r.status == .ok)
                    #expect(r.json["id"] as? String == n.id)
                    #expect((r.json["agents"] as? [Any])?.count == n.agents.count)
                }
            }
            try await client.execute(uri: "/api/v1/networks/fn-nothere", method: .get) { r in #expect(r.status == .notFound) }
            try await client.execute(uri: "/api/v1/networks?limit=9999", method: .get) { r in #expect(r.status == .badRequest) }
        }
    }

    @Test func aRetiredNetworkIDLeadsToItsSuccessor() async throws {
        let f = try await ServerFixture.make()
        let n = try #require(f.cache.snapshot?.result.networks.first)
        // As an analysis run records a merge: fn-retired's domains went to n; fn-gone's to a
        // network the latest analysis does not have.
        try await f.store.recordNetworkMemberships([], successors: ["fn-retired": n.id, "fn-gone": "fn-elsewhere"], at: ServerFixture.start)
        try await f.test { client in
            try await client.execute(uri: "/api/v1/networks/fn-retired", method: .get) { r in
                #expect(r.status == .found)
                #expect(r.headers[.location] == "/api/v1/networks/\(n.id)")
                #expect((r.json["error"] as? [String: Any])?["code"] as? String == "network_merged")
            }
            try await client.execute(uri: "/networks/fn-retired", method: .get) { r in
                #expect(r.status == .found)
                #expect(r.headers[.location] == "/networks/\(n.id)")
            }
            try await client.execute(uri: "/api/v1/networks/fn-gone", method: .get) { r in #expect(r.status == .notFound) }
            try await client.execute(uri: "/networks/fn-gone", method: .get) { r in #expect(r.status == .notFound) }
        }
    }

    @Test func addressLookupNamesDomainsAndEnrichment() async throws {
        let f = try await ServerFixture.make()
        let agent = ServerFixture.agents[0].0.description
        try await f.test { client in
            try await client.execute(uri: "/api/v1/addresses/\(agent)", method: .get) { r in
                #expect(r.status == .ok)
                #expect(r.json["asn"] as? Int == 64_500)
                let domains = (r.json["domains"] as? [[String: Any]] ?? []).compactMap { $0["domain"] as? String }
                #expect(Set(domains) == ["www.flux-shop.test.", "login.flux-bank.test."])
            }
            try await client.execute(uri: "/api/v1/addresses/2001:db8::99", method: .get) { r in #expect(r.status == .notFound) }
            for bad in ["300.1.1.1", "example.com", "1.2.3", "%00", "::::"] {
                try await client.execute(uri: "/api/v1/addresses/\(bad)", method: .get) { r in #expect(r.status == .badRequest, "\(bad)") }
            }
        }
    }

    @Test(arguments: [("rpz", "text/dns"), ("stix", "application/stix+json"), ("cof", "application/x-ndjson"), ("csv", "text/csv"),
                      ("notify?asn=AS64500", "text/csv")])
    func exportsAreDownloads(_ kind: String, _ type: String) async throws {
        let f = try await ServerFixture.make()
        try await f.test { client in
            try await client.execute(uri: "/api/v1/exports/\(kind)", method: .get) { r in
                #expect(r.status == .ok)
                #expect(r.headers[.contentType]?.hasPrefix(type) == true)
                #expect(r.headers[.contentDisposition]?.hasPrefix("attachment; filename=") == true)
                #expect(!r.text.isEmpty)
            }
        }
    }

    @Test func exportsRejectBadInput() async throws {
        let f = try await ServerFixture.make()
        try await f.test { client in
            try await client.execute(uri: "/api/v1/exports/pdf", method: .get) { r in #expect(r.status == .notFound) }
            try await client.execute(uri: "/api/v1/exports/notify", method: .get) { r in #expect(r.status == .badRequest) }
            try await client.execute(uri: "/api/v1/exports/notify?asn=ASX", method: .get) { r in #expect(r.status == .badRequest) }
            try await client.execute(uri: "/api/v1/exports/rpz?action=garden", method: .get) { r in #expect(r.status == .badRequest) }
            try await client.execute(uri: "/api/v1/exports/rpz?action=drop", method: .get) { r in #expect(r.status == .badRequest) }
            try await client.execute(uri: "/api/v1/exports/rpz?action=garden&garden=walled.example", method: .get) { r in
                #expect(r.status == .ok)
            }
        }
    }

    @Test func statusAndMetrics() async throws {
        let f = try await ServerFixture.make()
        try await f.test { client in
            try await client.execute(uri: "/api/v1/status", method: .get) { r in
                #expect(r.status == .ok)
                #expect(r.json["domains"] as? Int == 3)
                #expect(r.json["analysis_runs"] as? Int == 1)
            }
            try await client.execute(uri: "/api/v1/nope", method: .get) { r in
                #expect(r.status == .notFound)
                #expect((r.json["error"] as? [String: Any])?["code"] as? String == "not_found")
            }
            try await client.execute(uri: "/metrics", method: .get) { r in
                #expect(r.status == .ok)
                #expect(r.headers[.contentType]?.hasPrefix("text/plain") == true)
                for name in ["fluxscope_verdicts{class=\"fast-flux\"}", "fluxscope_analysis_duration_seconds_bucket",
                             "fluxscope_http_requests_total{method=\"GET\",status=\"404\"} 1", "fluxscope_http_requests_total{method=\"GET\",status=\"200\"} 1",
                             "fluxscope_probe_queries_sent_total", "fluxscope_ingest_messages_total", "fluxscope_sightings 93"] {
                    #expect(r.text.contains(name), "\(name)")
                }
            }
        }
    }
}
}
