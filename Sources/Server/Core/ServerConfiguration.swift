import Store

/// Everything `fluxscope serve` can be told, by flags or a config file (see docs/server.md).
public struct ServerConfiguration: Sendable, Hashable {
    /// Who may read (GET) the API, the dashboard and the metrics.
    public enum ReadAccess: String, Sendable, Hashable, CaseIterable {
        /// Anyone who can reach the port.
        case open
        /// Only requests with a valid bearer token.
        case token
    }

    /// The address to listen on (loopback by default).
    public var host = "127.0.0.1"
    /// The TCP port.
    public var port = 8080
    /// The store.
    public var store: StoreURL = .default
    /// Read access; write endpoints always need a token.
    public var readAccess: ReadAccess = .open
    /// Origins allowed by CORS; empty (the default) sends no CORS headers at all.
    public var corsOrigins: [String] = []
    /// The largest JSON request body accepted, in octets.
    public var maxBodyBytes = 64 * 1024
    /// The largest ingest upload accepted, in octets.
    public var maxUploadBytes = 64 * 1024 * 1024
    /// Real seconds between analysis runs.
    public var analysisInterval = 60.0
    /// The Public Suffix List (registered domains are judged only when it exists).
    public var publicSuffixList = "/usr/share/publicsuffix/public_suffix_list.dat"
    /// Enrichment databases for addresses the watcher sees (empty: the Debian libloc database if installed).
    public var asnDatabases: [String] = []
    /// The watcher: resolvers to ask (`HOST[:PORT]`); empty means /etc/resolv.conf.
    public var resolvers: [String] = []
    /// The watcher: ask authoritative servers starting here (`HOST[:PORT]`) instead of resolvers.
    public var authoritative: String?
    /// The watcher: real seconds between looks at the watchlist for due domains.
    public var watchTick = 1.0
    /// The watcher: shortest and longest wait between two probes of a domain (probe-clock seconds).
    public var minInterval = 60.0
    public var maxInterval = 3600.0
    /// The watcher: queries per second, at most.
    public var probeQPS = 100.0
    /// The watcher: probe-clock seconds per real second (1 in real use; the lab runs faster).
    public var timeScale = 1.0
    /// Accept dnstap from resolvers here (`unix:PATH` or `tcp:HOST:PORT`); `nil` for none.
    public var dnstap: String?
    /// Serve the built-in simulated world on loopback and point the watcher at it.
    public var lab = false
    /// A scenario file for the lab (default: the built-in scenario).
    public var labScenario: String?
    /// Seconds the service group waits for services to finish after SIGTERM.
    public var shutdownGrace = 20.0

    /// The defaults.
    public init() {}

    /// Checks values that flags and files can get wrong; throws a `ConfigurationError` saying which.
    public func validate() throws(ConfigurationError) {
        guard (0...65535).contains(port) else { throw ConfigurationError("port \(port) is not between 0 and 65535") }
        guard maxBodyBytes >= 1024 else { throw ConfigurationError("max-body must be at least 1024 octets") }
        guard maxUploadBytes >= 1024 else { throw ConfigurationError("max-upload must be at least 1024 octets") }
        guard analysisInterval > 0 else { throw ConfigurationError("analysis interval must be positive") }
        guard watchTick > 0 else { throw ConfigurationError("watch tick must be positive") }
        guard timeScale > 0, timeScale.isFinite else { throw ConfigurationError("time-scale must be a positive number") }
        guard minInterval >= 0, maxInterval >= minInterval else {
            throw ConfigurationError("min-interval must be 0 or more and at most max-interval")
        }
        guard probeQPS >= 0 else { throw ConfigurationError("qps must not be negative") }
        if authoritative != nil && !resolvers.isEmpty { throw ConfigurationError("resolvers and authoritative exclude each other") }
        if lab && (authoritative != nil || !resolvers.isEmpty) {
            throw ConfigurationError("lab points the watcher at the simulated world: leave resolvers and authoritative out")
        }
    }
}

/// A configuration value that cannot be used, and why.
public struct ConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What was wrong, and what to do.
    public var reason: String
    /// Creates an error.
    public init(_ reason: String) { self.reason = reason }
    /// The reason.
    public var description: String { reason }
}
