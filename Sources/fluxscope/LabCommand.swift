import ArgumentParser
import Dispatch
import Enrichment
import Foundation
import Lab

/// `fluxscope lab`: serve the simulated DNS world on loopback until SIGINT or SIGTERM.
struct LabCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lab",
        abstract: "Serve a simulated DNS world (flux botnets and benign look-alikes) on 127.0.0.1.",
        discussion: """
            Answers depend on simulated time: the scenario start plus real time elapsed times the
            time scale. The parent (TLD) servers, which answer with referrals that show NS and glue
            churn, listen on a second port. Nothing is ever sent to the simulated addresses.
            """)

    @Option(help: "UDP and TCP port of the world's authoritative server (0: any free port).")
    var port: Int = 5300

    @Option(help: "Port of the TLD (parent) servers' referrals (default: --port + 1, or any free port with --port 0).")
    var parentPort: Int?

    @Option(help: "Scenario YAML file (default: the built-in scenario).")
    var scenario: String?

    @Option(help: "Seed overriding the scenario's.")
    var seed: UInt64?

    @Option(help: "Simulated seconds per real second, overriding the scenario's (e.g. 5000).")
    var timeScale: Double?

    @Option(help: "Write DOMAIN<TAB>flux|benign<TAB>class lines for every lab domain to FILE (DOMAIN<TAB>ignore for names without a class).")
    var labels: String?

    @Option(help: "Write the names to probe, one per line, to FILE.")
    var domainsOut: String?

    @Option(help: "Write the scenario in effect as YAML to FILE (a starting point for your own).")
    var writeScenario: String?

    @Option(help: "IPFire location database to draw addresses from.")
    var locationDb: String = LibLocDatabase.defaultPath

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        if let parentPort, !(0...65535).contains(parentPort) {
            throw ValidationError("--parent-port must be between 0 and 65535")
        }
        if let timeScale, !(timeScale > 0 && timeScale.isFinite) {
            throw ValidationError("--time-scale must be a positive number")
        }
    }

    func run() async throws {
        var chosen = try scenario.map { try Scenario.load(path: $0) } ?? .standard
        if let seed { chosen.seed = seed }
        if let timeScale { chosen.timeScale = timeScale }
        let world = try LabWorld(scenario: chosen, databasePath: locationDb)
        for warning in world.warnings { FileHandle.standardError.write(Data("warning: \(warning)\n".utf8)) }
        if let labels { try world.labelsText().write(toFile: labels, atomically: true, encoding: .utf8) }
        if let domainsOut { try world.domainsText().write(toFile: domainsOut, atomically: true, encoding: .utf8) }
        if let writeScenario { try chosen.yaml().write(toFile: writeScenario, atomically: true, encoding: .utf8) }

        let clock = SimulatedClock(scenario: chosen)
        let server = try await LabServer.start(world: world, port: port, clock: clock)
        let parent = try await LabServer.start(
            world: world, port: parentPort ?? (port == 0 ? 0 : port + 1), view: .parent, clock: clock)
        print("""
            fluxscope lab: \(world.zoneNames.count) zones on 127.0.0.1 port \(server.port) (UDP and TCP); \
            TLD referrals on port \(parent.port)
            simulated time from \(ISO8601DateFormatter().string(from: chosen.start)) at \(chosen.timeScale)x, \
            seed \(chosen.seed)
            zones:
            \(world.zoneSummary())
            try: dig @127.0.0.1 -p \(server.port) www.\(world.zoneClasses.first?.zone.description ?? "lab.") A
            """)
        fflush(nil)  // all streams: `stdout` is not concurrency-safe to name in Swift 6
        let signal = await Self.waitForTermination()
        print("fluxscope lab: signal \(signal), stopping")
        try await server.stop()
        try await parent.stop()
    }

    /// Waits for SIGINT or SIGTERM and returns its number.
    static func waitForTermination() async -> Int32 {
        let (stream, continuation) = AsyncStream<Int32>.makeStream()
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield(number) }
            source.resume()
            sources.append(source)
        }
        var received: Int32 = 0
        for await number in stream {
            received = number
            break
        }
        sources.forEach { $0.cancel() }
        return received
    }
}
