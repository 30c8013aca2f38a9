import Analysis
import DNSWire
import Detection
import Enrichment
import FluxModel
import Foundation
import Hummingbird
import Ingest
import Lab
import Logging
import NIOCore
import Probe
import ServiceLifecycle
import Store

/// `fluxscope serve`: the HTTP API, the dashboard and `/metrics` over one store, with the
/// analysis refreshed on a schedule, the watchlist probed on its TTLs, dnstap ingested if
/// configured, all as services of one service group that shuts down gracefully on SIGTERM
/// or SIGINT (requests in flight answered, the watcher's write finished, the store closed).
///
/// ```swift
/// var config = ServerConfiguration()
/// config.port = 8080
/// try await FluxScopeServer.run(config, logger: Logger(label: "fluxscope"))
/// ```
public enum FluxScopeServer {
    /// The router over `repository`, with every route and middleware, and the routes it serves.
    public static func router(repository: any FluxRepository, cache: AnalysisCache, metrics: ServerMetrics,
                              configuration: ServerConfiguration) -> (router: Router<BasicRequestContext>, routes: [RouteSpec]) {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: ErrorMiddleware(metrics: metrics))
        if !configuration.corsOrigins.isEmpty { router.add(middleware: CORSOriginsMiddleware(origins: Set(configuration.corsOrigins))) }
        let registry = RouteRegistry(router: router)
        router.add(middleware: MethodNotAllowedMiddleware(table: registry.table))
        router.add(middleware: AuthMiddleware(repository: repository, readAccess: configuration.readAccess))
        let document = OpenAPIDocument.json()
        StatusController(repository: repository, metrics: metrics, cache: cache, document: { document }).register(registry)
        DomainsController(repository: repository).register(registry)
        NetworksController(repository: repository).register(registry)
        AddressesController(repository: repository).register(registry)
        WatchlistController(repository: repository, maxBodyBytes: configuration.maxBodyBytes).register(registry)
        ExportsController(repository: repository).register(registry)
        ReportsController(repository: repository).register(registry)
        IngestController(repository: repository, maxUploadBytes: configuration.maxUploadBytes).register(registry)
        DashboardController(repository: repository).register(registry)
        return (router, registry.routes)
    }

    /// Runs the server until SIGTERM or SIGINT. `started` is called with the HTTP port once
    /// the server listens.
    public static func run(_ configuration: ServerConfiguration, logger: Logger,
                           started: @escaping @Sendable (Int) -> Void = { _ in }) async throws {
        try configuration.validate()
        let store = try await configuration.store.open()
        let metrics = ServerMetrics()
        let cache = AnalysisCache()
        var lab: [LabServer] = []
        do {
            let (probe, clock, labServers) = try await watcher(configuration, logger: logger)
            lab = labServers
            let settings = try Self.analysis(configuration, logger: logger)
            let repository = StoreRepository(store: store, cache: cache, metrics: metrics, publicSuffixes: settings.publicSuffixes,
                                             now: { clock.now() })
            let (router, _) = self.router(repository: repository, cache: cache, metrics: metrics, configuration: configuration)
            let app = Application(
                router: router,
                configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "FluxScope"),
                onServerRunning: { channel in started(channel.localAddress?.port ?? configuration.port) },
                logger: logger)
            var services: [any Service] = [
                AnalysisService(store: store, analysis: settings, model: try FluxScopeModel.bundled(),
                                cache: cache, metrics: metrics, interval: configuration.analysisInterval, logger: logger),
                WatchService(store: store, probe: probe, clock: clock, tick: configuration.watchTick,
                             enricher: try Enricher.open(paths: configuration.asnDatabases), metrics: metrics, logger: logger),
            ]
            if let dnstap = configuration.dnstap {
                guard let endpoint = DnstapEndpoint(dnstap) else {
                    throw ConfigurationError("dnstap '\(dnstap)' is not unix:PATH or tcp:HOST:PORT")
                }
                services.append(DnstapService(endpoint: endpoint, store: store, metrics: metrics, logger: logger))
            }
            services.append(app)  // last: the first to stop taking requests on shutdown
            let group = ServiceGroup(configuration: .init(
                services: services.map { .init(service: $0) },
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
            try await group.run()
        } catch {
            for server in lab { try? await server.stop() }
            try? await store.close()
            throw error
        }
        for server in lab { try? await server.stop() }
        try await store.close()
        logger.info("stopped")
    }

    /// The analysis settings: the Public Suffix List if it exists.
    static func analysis(_ c: ServerConfiguration, logger: Logger) throws -> Analysis {
        guard FileManager.default.fileExists(atPath: c.publicSuffixList) else {
            logger.warning("no Public Suffix List: judging FQDNs only", metadata: ["path": "\(c.publicSuffixList)"])
            return Analysis()
        }
        return Analysis(publicSuffixes: try PublicSuffixList.load(path: c.publicSuffixList))
    }

    /// The prober's configuration and clock, and the lab servers when the lab is on.
    static func watcher(_ c: ServerConfiguration, logger: Logger) async throws -> (ProbeConfig, ProbeClock, [LabServer]) {
        var mode: ProbeConfig.Mode
        var clock = ProbeClock(scale: c.timeScale)
        var servers: [LabServer] = []
        if c.lab {
            let scenario = try c.labScenario.map { try Scenario.load(path: $0) } ?? .standard
            let world = try LabWorld(scenario: scenario)
            let simulated = SimulatedClock(scenario: scenario)
            let server = try await LabServer.start(world: world, clock: simulated)
            servers.append(server)
            clock = ProbeClock(scale: scenario.timeScale, origin: scenario.start.timeIntervalSince1970)
            mode = .authoritative(start: ProbeServer(address: .v4(IPv4Address(127, 0, 0, 1)), port: server.port))
            logger.info("lab world on 127.0.0.1", metadata: ["port": "\(server.port)", "time-scale": "\(scenario.timeScale)",
                                                               "zones": "\(world.zoneNames.count)"])
        } else if let text = c.authoritative {
            guard let server = ProbeServer(text) else { throw ConfigurationError("authoritative '\(text)' is not HOST[:PORT] with an IP address") }
            mode = .authoritative(start: server)
        } else if !c.resolvers.isEmpty {
            mode = .resolver(try c.resolvers.map { text in
                guard let s = ProbeServer(text) else { throw ConfigurationError("resolver '\(text)' is not HOST[:PORT] with an IP address") }
                return s
            })
        } else {
            let found = ResolvConf.nameservers()
            mode = .resolver(found)
            if found.isEmpty { logger.warning("no resolver configured and none in /etc/resolv.conf: the watcher will fail its lookups") }
        }
        var probe = ProbeConfig(mode: mode)
        probe.schedule = SchedulePolicy(minInterval: c.minInterval, maxInterval: c.maxInterval)
        probe.qps = c.probeQPS > 0 ? c.probeQPS : nil
        probe.timeScale = clock.scale
        probe.inFlight = 200
        return (probe, clock, servers)
    }
}
