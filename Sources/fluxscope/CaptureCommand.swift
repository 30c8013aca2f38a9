import ArgumentParser
import Foundation
import Ingest

/// `fluxscope capture --interface IF [--filter BPF] | --dnstap unix:PATH|tcp:HOST:PORT`:
/// ingests live DNS traffic until interrupted.
struct CaptureCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "capture",
        abstract: "Ingest live DNS traffic: dnstap from resolvers, or (later) a network interface.",
        discussion: """
            --dnstap listens for Frame Streams connections from resolvers (Unbound's \
            dnstap-socket-path or dnstap-ip, Knot, BIND, PowerDNS, dnsdist), any number at once, \
            and ingests every message until SIGINT or SIGTERM. Until the store is wired in, \
            observations are printed as JSON lines (--output json) or only counted \
            (--output counts); stats go to stderr every --stats-interval seconds.
            """)

    /// What is printed for the ingested data until the store sink is plugged in.
    enum Output: String, ExpressibleByArgument, CaseIterable { case json, counts }

    @Option(help: "Capture from this network interface (not available yet).")
    var interface: String?

    @Option(help: "A BPF filter for --interface.")
    var filter: String?

    @Option(help: ArgumentHelp("Accept dnstap from resolvers on a Unix socket or TCP address.", valueName: "unix:PATH|tcp:HOST:PORT"))
    var dnstap: String?

    @Option(help: "json: one JSON object per observation, outcome and client query; counts: only the counts.")
    var output: Output = .json

    @Option(help: "How client addresses are kept: off, keep, hash (needs --client-key-file), truncate (/24, /48).")
    var clients = "off"

    @Option(name: .customLong("client-key-file"), help: "The key for --clients hash (the file's bytes).")
    var clientKeyFile: String?

    @Option(help: "Only these dnstap message types, comma-separated (e.g. CLIENT_RESPONSE,RESOLVER_RESPONSE).")
    var types: String?

    @Option(help: "Seconds between flushes of what was ingested.")
    var flushInterval = 1.0

    @Option(help: "Seconds between stats lines on stderr (0: none).")
    var statsInterval = 10.0

    @Option(help: "The longest dnstap frame accepted, in octets; longer ones close the connection.")
    var maxFrame = FrameStreamParser.defaultMaxFrameLength

    func validate() throws {
        guard (interface == nil) != (dnstap == nil) else { usage("give either --interface IF or --dnstap unix:PATH|tcp:HOST:PORT") }
        if filter != nil, interface == nil { usage("--filter goes with --interface") }
        if let dnstap, DnstapEndpoint(dnstap) == nil {
            usage("'\(dnstap)' is not unix:PATH or tcp:HOST:PORT (e.g. unix:/run/dnstap.sock, tcp:127.0.0.1:6000)")
        }
        if flushInterval <= 0 || statsInterval < 0 || maxFrame < 1024 {
            usage("--flush-interval must be above 0, --stats-interval 0 or more, --max-frame at least 1024")
        }
        _ = clientMode()
        _ = messageTypes()
    }

    func run() async throws {
        if interface != nil { fail("live capture from an interface is not built yet; use --dnstap", code: .failure) }
        var options = ReadOptions()
        options.clients = clientMode()
        let endpoint = DnstapEndpoint(dnstap!)!
        do {
            try await DnstapCapture(endpoint: endpoint, options: options, messageTypes: messageTypes(),
                                    output: output, flushInterval: flushInterval, statsInterval: statsInterval,
                                    maxFrame: maxFrame).run()
        } catch {
            fail("cannot listen on \(endpoint): \(error)", code: .failure)
        }
    }

    private func clientMode() -> ClientPrivacy {
        switch clients {
        case "off": return .off
        case "keep": return .keep
        case "truncate": return .truncate
        case "hash":
            guard let clientKeyFile else { usage("--clients hash needs --client-key-file FILE") }
            guard let key = FileManager.default.contents(atPath: clientKeyFile), key.count >= 16 else {
                usage("--client-key-file \(clientKeyFile): cannot read it, or it holds fewer than 16 octets")
            }
            return .hash(key: Array(key))
        default:
            usage("--clients takes off, keep, hash or truncate, not '\(clients)'")
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
