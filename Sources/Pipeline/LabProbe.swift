import DNSWire
import FluxModel
import Foundation
import Lab
import Probe
import Store

/// Probes a lab world over real UDP (TCP on truncation) into a store, as `fluxscope demo`
/// does: the lab's authoritative server on 127.0.0.1, every probe domain looked up again each
/// time its TTL runs out (within `minInterval`...`maxInterval`), for `days` simulated days,
/// the lab and the prober sharing one clock that runs at the world's time scale while the
/// prober keeps up and slows while it falls behind (`ProbePace`): a loaded machine then
/// samples the world about as often per simulated hour as an idle one, in more real time.
public struct LabProbe: Sendable {
    /// The world to serve and probe.
    public var world: LabWorld
    /// Simulated days probed.
    public var days = 3.0
    /// Bounds on the wait between lookups of a name, in simulated seconds.
    public var minInterval = 60.0
    public var maxInterval = 3_600.0
    /// The most the clock may slow down for a prober that falls behind (1: never): the run
    /// takes at most this many times its nominal real time.
    public var maxSlowdown = 4.0

    /// A probe of `world`.
    public init(world: LabWorld) { self.world = world }

    /// Serves the world, probes it into `store`, stops the server. `started` is told the
    /// server's port and the number of names before probing begins.
    public func run(into store: any ObservationStore,
                    started: (_ port: Int, _ names: Int) -> Void = { _, _ in }) async throws -> ProbeSummary {
        let scale = world.scenario.timeScale
        // Time slows once a due name has waited longer than the shortest interval between
        // lookups: beyond that a lagging prober would see fewer answer sets than the TTLs give.
        let pace = ProbePace(scale: scale, origin: world.scenario.start.timeIntervalSince1970,
                             tolerance: minInterval, maxSlowdown: maxSlowdown)
        let clock = SimulatedClock(start: world.scenario.start, scale: scale) { Date(timeIntervalSince1970: pace.now()) }
        let server = try await LabServer.start(world: world, host: "127.0.0.1", port: 0, view: .full, clock: clock)
        let names = world.probeDomains()
        started(server.port, names.count)
        var config = ProbeConfig(mode: .resolver([ProbeServer(address: .v4(IPv4Address(127, 0, 0, 1)), port: server.port)]))
        config.rounds = nil
        config.duration = days * 86_400
        config.timeScale = scale
        config.qps = nil
        config.schedule = SchedulePolicy(minInterval: minInterval, maxInterval: maxInterval)
        let sink = ProbeStoreSink(store: store)
        let probeClock = ProbeClock(pace: pace)
        let summary: ProbeSummary
        do {
            summary = try await Prober(config: config).run(NameList(names), sink: sink, clock: probeClock)
        } catch {
            _ = try? await sink.close()
            try? await server.stop()
            throw error
        }
        _ = try await sink.close()
        try await server.stop()
        return summary
    }
}
