import DNSWire
import FluxModel
import Probe
import Store

/// Resuming `fluxscope probe` from a store: each name's schedule state (`NameSchedule`) is
/// stored with the observations of its lookups (`ProbeStoreSink`), and read back here.
public struct ProbeResume: Sendable {
    /// The names to probe, each with its stored state or a fresh one (due at once), the most
    /// overdue first.
    public var schedules: [NameSchedule]
    /// How many of them had a stored state.
    public var resumed: Int
    /// How many were new to the store (registered by `load`).
    public var registered: Int

    /// Reads the stored states of `names`, or of every stored name when `names` is `nil`, and
    /// registers the names the store does not know yet (in one transaction, due at once), so
    /// that a probe stopped before reaching them still has them on the next start.
    public static func load(from store: any ObservationStore, names: [DNSName]?) async throws -> ProbeResume {
        let stored = try await store.allProbeSchedules()
        var schedules: [NameSchedule]
        var fresh = SightingBatch()
        if let names {
            let byName = Dictionary(stored.map { ($0.name, $0) }, uniquingKeysWith: { a, b in a.isLater(than: b) ? a : b })
            var seen = Set<DNSName>()
            schedules = []
            for name in names where seen.insert(name).inserted {
                if let s = byName[name] {
                    schedules.append(s)
                } else {
                    let s = NameSchedule(name: name)
                    schedules.append(s)
                    fresh.add(s)
                }
            }
        } else {
            schedules = stored
        }
        if !fresh.schedules.isEmpty { try await store.write(fresh, checkpoint: nil) }
        schedules.sort { ($0.nextDue, $0.lookups) < ($1.nextDue, $1.lookups) }
        return ProbeResume(schedules: schedules, resumed: schedules.count - fresh.schedules.count,
                           registered: fresh.schedules.count)
    }

    /// Where a resumed run's probe clock starts: the wall clock, or the latest stored lookup
    /// when a faster clock (`--time-scale`) ran ahead of it, so that observation times never
    /// go backwards from one run to the next.
    public func clockOrigin(wallNow: Timestamp = ProbeClock.wallNow()) -> Timestamp {
        max(wallNow, schedules.compactMap(\.lastLookup).max() ?? wallNow)
    }
}
