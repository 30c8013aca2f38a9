#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import FluxModel
import NIOCore

/// The probe's notion of time: wall-clock seconds at the start, then real elapsed time
/// multiplied by `scale`, or, with a `ProbePace`, a simulated time that waits for the prober.
/// Schedules (TTLs, intervals, duration) run on this clock; timeouts and round trips are
/// measured in real time.
public struct ProbeClock: Sendable {
    /// Probe time at `start`.
    public let origin: Timestamp
    /// Real time at `origin`.
    public let start: NIODeadline
    /// Probe seconds per real second.
    public let scale: Double
    /// The pace probe time follows instead of a fixed scale, if any.
    public let pace: ProbePace?

    /// A clock starting now at `origin` (by default the wall clock) running `scale` times
    /// faster than real time.
    public init(scale: Double = 1, origin: Timestamp? = nil) {
        self.scale = scale > 0 ? scale : 1
        self.start = .now()
        self.origin = origin ?? ProbeClock.wallNow()
        pace = nil
    }

    /// A clock following `pace` (probe time that slows down while the prober falls behind).
    public init(pace: ProbePace) {
        scale = pace.scale
        start = pace.start
        origin = pace.origin
        self.pace = pace
    }

    /// Probe time now.
    public func now() -> Timestamp { time(at: .now()) }

    /// Probe time at a real instant.
    public func time(at deadline: NIODeadline) -> Timestamp {
        pace?.time(at: deadline) ?? line.time(at: deadline)
    }

    /// The real instant when probe time reaches `t`.
    public func deadline(for t: Timestamp) -> NIODeadline {
        pace?.deadline(for: t) ?? line.deadline(for: t)
    }

    private var line: TimeLine { TimeLine(start: start, origin: origin, scale: scale) }

    /// The wall clock in seconds since the epoch.
    public static func wallNow() -> Timestamp {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}

/// Probe time as a straight line in real time: `origin` at `start`, `scale` probe seconds
/// per real second (a `ProbeClock`, or one piece of a `ProbePace`).
struct TimeLine: Sendable {
    var start: NIODeadline
    var origin: Timestamp
    var scale: Double

    /// Probe time at a real instant.
    func time(at real: NIODeadline) -> Timestamp {
        origin + Double((real - start).nanoseconds) / 1e9 * scale
    }

    /// The real instant when probe time reaches `t` (clamped to what a deadline can hold).
    func deadline(for t: Timestamp) -> NIODeadline {
        let nanos = ((t - origin) / scale * 1e9).rounded()
        return start + .nanoseconds(Int64(max(-9e18, min(9e18, nanos))))
    }
}
