import ArgumentParser
import Foundation
import Logging
import Server
import Store

/// `fluxscope serve`: the HTTP API, dashboard and metrics, with continuous watching.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the HTTP API, the dashboard and Prometheus metrics; probe the watchlist and refresh the analysis.",
        discussion: """
            Reads are open unless --read-access token; writes (watchlist, uploads) need a bearer token \
            from 'fluxscope token create'. Flags override the --config file (YAML; keys in docs/server.md). \
            --lab serves the built-in simulated world on loopback and points the watcher at it. \
            Stops cleanly on SIGTERM or SIGINT.
            """)

    @Option(help: "A YAML config file (flags given here override it).")
    var config: String?

    @Option(name: .customLong("db"), help: ArgumentHelp("The store: sqlite:PATH or postgres://USER@HOST:PORT/DB", valueName: "URL"))
    var db: String?

    @Option(help: "Address to listen on (default 127.0.0.1).")
    var host: String?

    @Option(help: "TCP port (default 8080; 0 picks a free one).")
    var port: Int?

    @Option(help: "Who may read: open or token.")
    var readAccess: String?

    @Option(help: "An origin allowed by CORS (repeatable; none by default).")
    var corsOrigin: [String] = []

    @Option(help: "Time between analysis runs (e.g. 60s, 5m).")
    var analysisInterval: String?

    @Option(help: "A recursive resolver HOST[:PORT] for the watcher (repeatable).")
    var resolver: [String] = []

    @Option(help: "Probe authoritative servers starting at HOST[:PORT].")
    var authoritative: String?

    @Option(help: "Accept dnstap on unix:PATH or tcp:HOST:PORT.")
    var dnstap: String?

    @Option(help: "Probe-clock seconds per real second (1 in real use).")
    var timeScale: Double?

    @Flag(help: "Serve the simulated lab world on loopback and watch it (demos and tests).")
    var lab = false

    @Option(help: "The lab's scenario file (default: the built-in world).")
    var labScenario: String?

    @Option(name: .customLong("asn-db"), help: "Enrichment database for watched addresses (repeatable).")
    var asnDB: [String] = []

    func run() async throws {
        let c = try configuration()
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        var logger = Logger(label: "fluxscope.serve")
        logger.logLevel = .info
        try await FluxScopeServer.run(c, logger: logger) { port in
            print("fluxscope serve: listening on http://\(c.host):\(port)/")
            fflush(nil)
        }
    }

    /// The config file, then the flags.
    func configuration() throws -> ServerConfiguration {
        var c = try config.map(ServerConfiguration.load(path:)) ?? ServerConfiguration()
        if let db { c.store = try StoreURL(parsing: db) }
        if let host { c.host = host }
        if let port { c.port = port }
        if let readAccess {
            guard let access = ServerConfiguration.ReadAccess(rawValue: readAccess) else { throw ValidationError("--read-access is open or token") }
            c.readAccess = access
        }
        if !corsOrigin.isEmpty { c.corsOrigins = corsOrigin }
        if let analysisInterval {
            guard let s = Durations.seconds(analysisInterval) else { throw ValidationError("--analysis-interval: not a duration (e.g. 30s)") }
            c.analysisInterval = s
        }
        if !resolver.isEmpty { c.resolvers = resolver }
        if let authoritative { c.authoritative = authoritative }
        if let dnstap { c.dnstap = dnstap }
        if let timeScale { c.timeScale = timeScale }
        if lab { c.lab = true }
        if let labScenario { c.labScenario = labScenario }
        if !asnDB.isEmpty { c.asnDatabases = asnDB }
        do { try c.validate() } catch { throw ValidationError(error.reason) }
        return c
    }
}
