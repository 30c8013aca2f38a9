import Foundation
import HTTPTypes
import HummingbirdTesting
import Server
import Testing

extension ServerSuites {
@Suite struct OpenAPIDocumentTests {
    @Test func documentsExactlyTheAPIRoutes() async throws {
        let f = try await ServerFixture.make()
        let served = Set(f.routerAndRoutes().routes.filter { $0.path.hasPrefix("/api/") || $0.path == "/metrics" })
        #expect(served == Set(OpenAPIDocument.routes))
        try await f.store.close()
    }

    @Test func servedDocumentIsValidJSONWithEveryPathAndWriteSecurity() async throws {
        let f = try await ServerFixture.make()
        let routes = f.routerAndRoutes().routes
        try await f.test { client in
            try await client.execute(uri: "/api/v1/openapi.json", method: .get) { r in
                #expect(r.status == .ok)
                let doc = r.json
                #expect(doc["openapi"] as? String == "3.1.0")
                let paths = doc["paths"] as? [String: [String: Any]] ?? [:]
                for route in routes where route.path.hasPrefix("/api/") || route.path == "/metrics" {
                    let op = paths[route.path]?[route.method.lowercased()] as? [String: Any]
                    #expect(op != nil, "\(route) is not in the document")
                    let secured = op?["security"] != nil
                    #expect(secured == (route.method != "GET"), "\(route): writes and only writes need a token")
                    // Every path parameter of the route is declared.
                    let declared = Set((op?["parameters"] as? [[String: Any]] ?? []).filter { $0["in"] as? String == "path" }
                        .compactMap { $0["name"] as? String })
                    let inPath = Set(route.path.split(separator: "/").filter { $0.hasPrefix("{") }.map { String($0.dropFirst().dropLast()) })
                    #expect(declared == inPath, "\(route)")
                }
            }
        }
    }
}
}
