import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Server
import Testing

extension ServerSuites {
@Suite struct WatchlistControllerTests {
    @Test func addsListsAndRemovesWithAToken() async throws {
        let f = try await ServerFixture.make()
        let auth = f.auth
        try await f.test { client in
            try await client.execute(uri: "/api/v1/watchlist", method: .post, headers: auth,
                                     body: body(#"{"domain": "www.Example.test", "note": "phish kit", "interval": 300}"#)) { r in
                #expect(r.status == .created)
                #expect(r.json["domain"] as? String == "www.Example.test.")
                #expect(r.json["note"] as? String == "phish kit")
                #expect(r.json["interval"] as? Double == 300)
                #expect(r.headers[.location] == "/api/v1/watchlist/www.Example.test.")
            }
            try await client.execute(uri: "/api/v1/watchlist", method: .post, headers: auth,
                                     body: body(#"{"domain": "www.example.test"}"#)) { r in
                #expect(r.status == .ok)  // updated, not added again
                #expect(r.json["note"] is NSNull)
            }
            try await client.execute(uri: "/api/v1/watchlist", method: .get) { r in
                #expect(r.status == .ok)
                #expect(r.json["total"] as? Int == 1)
            }
            try await client.execute(uri: "/api/v1/watchlist/WWW.EXAMPLE.TEST", method: .delete, headers: auth) { r in
                #expect(r.status == .noContent)
            }
            try await client.execute(uri: "/api/v1/watchlist/www.example.test", method: .delete, headers: auth) { r in
                #expect(r.status == .notFound)
            }
        }
    }

    @Test func writesNeedAValidToken() async throws {
        let f = try await ServerFixture.make()
        let add = body(#"{"domain": "a.test"}"#)
        try await f.test { client in
            try await client.execute(uri: "/api/v1/watchlist", method: .post, body: add) { r in
                #expect(r.status == .unauthorized)
                #expect(r.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
                #expect((r.json["error"] as? [String: Any])?["code"] as? String == "unauthorized")
            }
            for header in ["Bearer fst_wrong", "Basic dXNlcjpwYXNz", "Bearer", "Bearer " + String(repeating: "x", count: 300)] {
                try await client.execute(uri: "/api/v1/watchlist", method: .post, headers: [.authorization: header], body: add) { r in
                    #expect(r.status == .unauthorized, "\(header.prefix(20))")
                }
            }
            try await client.execute(uri: "/api/v1/watchlist/a.test", method: .delete) { r in
                #expect(r.status == .unauthorized)
            }
            try await client.execute(uri: "/api/v1/ingest", method: .post, body: body("x")) { r in
                #expect(r.status == .unauthorized)
            }
        }
    }

    @Test(arguments: [
        (#"{"domain": "bad..name"}"#, "bad_domain"), (#"{"domain": ""}"#, "bad_domain"), (#"{"note": "no domain"}"#, "bad_body"),
        (#"{"domain": 42}"#, "bad_body"), ("not json", "bad_body"), (#"["a.test"]"#, "bad_body"),
        (#"{"domain": "a.test", "interval": 0}"#, "bad_interval"), (#"{"domain": "a.test", "interval": 1e12}"#, "bad_interval"),
        (#"{"domain": "a.test", "note": ""# + String(repeating: "n", count: 1001) + #""}"#, "bad_note"),
    ])
    func rejectsBadBodiesWith400(_ text: String, _ code: String) async throws {
        let f = try await ServerFixture.make()
        let auth = f.auth
        try await f.test { client in
            try await client.execute(uri: "/api/v1/watchlist", method: .post, headers: auth, body: body(text)) { r in
                #expect(r.status == .badRequest)
                #expect((r.json["error"] as? [String: Any])?["code"] as? String == code)
            }
        }
    }

    @Test func limitsBodySizeAndMediaType() async throws {
        let f = try await ServerFixture.make()
        let auth = f.auth
        var textAuth = f.auth
        textAuth[.contentType] = "text/plain"
        let plain = textAuth
        try await f.test { client in
            let big = #"{"domain": "a.test", "note": ""# + String(repeating: "n", count: 70_000) + #""}"#
            try await client.execute(uri: "/api/v1/watchlist", method: .post, headers: auth, body: body(big)) { r in
                #expect(r.status == .contentTooLarge)
                #expect((r.json["error"] as? [String: Any])?["code"] as? String == "too_large")
            }
            try await client.execute(uri: "/api/v1/watchlist", method: .post, headers: plain, body: body(#"{"domain": "a.test"}"#)) { r in
                #expect(r.status == .unsupportedMediaType)
            }
        }
    }

    @Test func readsCanBeProtectedByConfiguration() async throws {
        let f = try await ServerFixture.make { $0.readAccess = .token }
        let auth = f.auth
        try await f.test { client in
            for uri in ["/api/v1/domains", "/api/v1/watchlist", "/", "/metrics"] {
                try await client.execute(uri: uri, method: .get) { r in #expect(r.status == .unauthorized, "\(uri)") }
                try await client.execute(uri: uri, method: .get, headers: auth) { r in #expect(r.status == .ok, "\(uri)") }
            }
        }
    }

    @Test func corsIsOffByDefaultAndOnlyForListedOrigins() async throws {
        let plain = try await ServerFixture.make()
        try await plain.test { client in
            try await client.execute(uri: "/api/v1/status", method: .get, headers: [.origin: "https://evil.example"]) { r in
                #expect(r.headers[.accessControlAllowOrigin] == nil)
            }
        }
        let f = try await ServerFixture.make { $0.corsOrigins = ["https://soc.example"] }
        try await f.test { client in
            try await client.execute(uri: "/api/v1/status", method: .get, headers: [.origin: "https://soc.example"]) { r in
                #expect(r.headers[.accessControlAllowOrigin] == "https://soc.example")
            }
            try await client.execute(uri: "/api/v1/watchlist", method: .options, headers: [.origin: "https://soc.example"]) { r in
                #expect(r.status == .noContent)
            }
            try await client.execute(uri: "/api/v1/status", method: .get, headers: [.origin: "https://evil.example"]) { r in
                #expect(r.headers[.accessControlAllowOrigin] == nil)
            }
        }
    }
}
}
