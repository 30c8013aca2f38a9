import Analysis
import DNSWire
import Detection
import FluxModel
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Server
import Store
import TestSupport

/// A server over a temporary SQLite store holding a small made-up world: two flux domains
/// sharing agents across 20 networks, and a benign one; analysed once; one API token.
struct ServerFixture {
    let store: SQLiteStore
    let cache: AnalysisCache
    let metrics: ServerMetrics
    let repository: StoreRepository
    let configuration: ServerConfiguration
    let token: String
    let directory: URL

    static let start: Timestamp = 1_740_787_200  // 2025-03-01T00:00:00Z

    static func make(_ configure: (inout ServerConfiguration) -> Void = { _ in }) async throws -> ServerFixture {
        let directory = try TestEnvironment.temporaryDirectory()
        let store = try SQLiteStore(path: directory.appendingPathComponent("server.sqlite").path)
        try await store.migrate()
        try await seed(store)
        var configuration = ServerConfiguration()
        configure(&configuration)
        let cache = AnalysisCache()
        let metrics = ServerMetrics()
        let service = AnalysisService(store: store, analysis: Analysis(), model: try FluxScopeModel.bundled(), cache: cache,
                                      metrics: metrics, interval: 60, logger: Logger(label: "test"))
        try await service.refresh()
        let token = try await APITokens.create(name: "tests", in: store).token
        let repository = StoreRepository(store: store, cache: cache, metrics: metrics, now: { start + 86_400 })
        return ServerFixture(store: store, cache: cache, metrics: metrics, repository: repository,
                             configuration: configuration, token: token, directory: directory)
    }

    /// The application over the router, for `app.test(.router)`.
    func app() -> some ApplicationProtocol {
        Application(router: routerAndRoutes().router)
    }

    func routerAndRoutes() -> (router: Router<BasicRequestContext>, routes: [RouteSpec]) {
        FluxScopeServer.router(repository: repository, cache: cache, metrics: metrics, configuration: configuration)
    }

    /// Runs `body` with a router test client, then closes the store.
    func test(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await app().test(.router) { client in try await body(client) }
        try await store.close()
        try? FileManager.default.removeItem(at: directory)
    }

    var auth: HTTPFields { [.authorization: "Bearer \(token)", .contentType: "application/json"] }

    /// The flux agents: 60 addresses in 20 ASNs and 12 countries.
    static let agents: [(IPAddress, UInt32, String)] = (0..<60).map { i in
        (IPAddress("\(80 + i % 20).\(i + 1).\(i * 3 % 250).\(10 + i)")!, UInt32(64_500 + i % 20), ["DE", "FR", "US", "BR", "RU", "CN", "IN", "PL", "UA", "TR", "VN", "ID"][i % 12])
    }

    static func seed(_ store: SQLiteStore) async throws {
        let source = try await store.registerSource(Source(kind: .probe, name: "fixture"), clientMode: nil)
        var batch = SightingBatch()
        func add(_ name: String, _ address: IPAddress, ttl: UInt32, at t: Timestamp) throws {
            guard case .v4(let v4) = address else { return }
            batch.add(Observation(name: try DNSName(name), type: .a, data: .a(v4), ttl: ttl, section: .answer, time: t, source: source))
        }
        for (i, agent) in agents.enumerated() {
            let t = start + Double(i) * 600
            try add("www.flux-shop.test.", agent.0, ttl: 60, at: t)
            if i % 2 == 0 { try add("login.flux-bank.test.", agent.0, ttl: 60, at: t + 60) }
        }
        for k in 0..<40 {
            let t = start + Double(k) * 900
            try add("www.quiet.test.", IPAddress("93.184.216.\(10 + k % 2)")!, ttl: 3600, at: t)
        }
        batch.add(Observation(name: try DNSName("www.flux-shop.test."), type: .ns, data: .name(try DNSName("ns1.flux-shop.test.")),
                              ttl: 300, section: .authority, time: start, source: source))
        try await store.write(batch, checkpoint: nil)
        var records = agents.map { AddressInfoRecord(address: $0.0, asn: $0.1, prefix: nil, asName: "AS\($0.1) Consumer ISP", country: $0.2,
                                                     flags: [], enrichedAt: start) }
        records.append(AddressInfoRecord(address: IPAddress("93.184.216.10")!, asn: 64_499, country: "NL", enrichedAt: start))
        records.append(AddressInfoRecord(address: IPAddress("93.184.216.11")!, asn: 64_499, country: "NL", enrichedAt: start))
        try await store.upsertAddressInfo(records)
    }
}

extension TestResponse {
    /// The body as text.
    var text: String { String(buffer: body) }

    /// The body parsed as a JSON object.
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }
}

/// A body from text.
func body(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }
