import ArgumentParser
import Enrichment
import Foundation
import Ingest
import PacketCapture
import Pipeline
import Store

/// `fluxscope capture --interface IF [--filter BPF] | --dnstap unix:PATH|tcp:HOST:PORT`:
/// ingests live DNS traffic into the store until interrupted.
struct CaptureCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "capture",
        abstract: "Ingest live DNS traffic into the store: a network interface, or dnstap from resolvers.",
        discussion: """
            --interface captures through libpcap (root or CAP_NET_RAW needed) with --filter as the \
            BPF filter (default: the DNS ports and IP fragments). --dnstap listens for Frame Streams \
            connections from resolvers (Unbound's dnstap-socket-path or dnstap-ip, Knot, BIND, \
            PowerDNS, dnsdist), any number at once. Either way, what is seen is deduplicated and \
            written every --flush-interval seconds; SIGINT or SIGTERM writes the rest and exits 0. \
            Stats go to stderr every --stats-interval seconds. For dnstap, --output json or counts \
            prints instead of storing.
            """)

    /// Where dnstap input goes.
    enum Output: String, ExpressibleByArgument, CaseIterable { case store, json, counts }

    @Option(help: "Capture from this network interface (e.g. eth0, lo, any).")
    var interface: String?

    @Option(help: "A BPF filter for --interface (pcap-filter(7)).")
    var filter: String?

    @Option(help: ArgumentHelp("Accept dnstap from resolvers on a Unix socket or TCP address.", valueName: "unix:PATH|tcp:HOST:PORT"))
    var dnstap: String?

    @Option(help: "The store: sqlite:PATH or postgres://USER@HOST:PORT/DB")
    var db = StoreURL.default.description

    @Option(name: .customLong("asn-db"), help: "An enrichment database for new addresses; repeatable (default: libloc when installed).")
    var asnDB: [String] = []

    @Option(name: .customLong("port"), help: "Also treat this port as DNS with --interface (repeatable; 53 always is).")
    var ports: [UInt16] = []

    @Option(help: "The source name (default: the interface, or the dnstap server identities).")
    var sensor: String?

    @Option(help: "dnstap only: store (default); json: one JSON object per observation, outcome and client query; counts: only counts.")
    var output: Output = .store

    @Option(help: "How client addresses are kept: off, keep, hash, truncate (/24, /48).")
    var clients = "off"

    @Option(name: .customLong("client-key-file"), help: "The key for --clients hash; created (mode 0600) if missing.")
    var clientKeyFile: String?

    @Option(help: "Only these dnstap message types, comma-separated (e.g. CLIENT_RESPONSE,RESOLVER_RESPONSE).")
    var types: String?

    @Option(help: "Seconds between writes of what was captured.")
    var flushInterval = 1.0

    @Option(help: "Seconds between stats lines on stderr (0: none).")
    var statsInterval = 10.0

    @Option(help: "The longest dnstap frame accepted, in octets; longer ones close the connection.")
    var maxFrame = FrameStreamParser.defaultMaxFrameLength

    func validate() throws {
        guard (interface == nil) != (dnstap == nil) else { usage("give either --interface IF or --dnstap unix:PATH|tcp:HOST:PORT") }
        if filter != nil, interface == nil { usage("--filter goes with --interface") }
        if interface != nil, output != .store { usage("--output json|counts goes with --dnstap; --interface always stores") }
        if let dnstap, DnstapEndpoint(dnstap) == nil {
            usage("'\(dnstap)' is not unix:PATH or tcp:HOST:PORT (e.g. unix:/run/dnstap.sock, tcp:127.0.0.1:6000)")
        }
        if flushInterval <= 0 || statsInterval < 0 || maxFrame < 1024 {
            usage("--flush-interval must be above 0, --stats-interval 0 or more, --max-frame at least 1024")
        }
        if (try? StoreURL(parsing: db)) == nil { usage("--db \(db): use sqlite:PATH or postgres://USER@HOST:PORT/DB") }
        _ = messageTypes()
    }

    func run() async throws {
        let stop = Signals.watch()
        var options = ReadOptions()
        options.ports = Set(ports + [53])
        do {
            options.clients = try ClientPrivacy.parse(mode: clients, keyFile: clientKeyFile)
            let enricher = try Enricher.open(paths: asnDB)
            let store = output == .store ? try await StoreURL(parsing: db).open() : nil
            if let interface, let store {
                var live = LiveCaptureIngest(store: store, interface: interface)
                live.filter = filter
                live.options = options
                live.sensor = sensor
                live.flushInterval = flushInterval
                live.statsInterval = statsInterval
                live.enricher = enricher
                _ = try await live.run(until: stop, log: DnstapCapture.log)
            } else if let dnstap, let endpoint = DnstapEndpoint(dnstap) {
                try await DnstapCapture(endpoint: endpoint, options: options, messageTypes: messageTypes(), output: output,
                                        store: store, enricher: enricher, flushInterval: flushInterval,
                                        statsInterval: statsInterval, maxFrame: maxFrame).run(until: stop)
            }
            try await store?.close()
        } catch {
            fail("\(error)", code: .failure)
        }
    }

    private func messageTypes() -> Set<DnstapMessageType>? {
        guard let types else { return nil }
        return Set(types.split(separator: ",").map { name in
            guard let t = DnstapMessageType(name: name) else { usage("unknown dnstap message type '\(name)'") }
            return t
        })
    }

    private func usage(_ message: String) -> Never {
        fail("\(message)\nSee 'fluxscope capture --help'.", code: ExitCode(2))
    }

    private func fail(_ message: String, code: ExitCode) -> Never {
        FileHandle.standardError.write(Data("fluxscope capture: \(message)\n".utf8))
        CaptureCommand.exit(withError: code)
    }
}
