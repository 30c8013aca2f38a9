import FluxModel
import NIOCore
import Synchronization

/// Probe time that waits for the prober, for simulated worlds (the lab) whose clock the
/// probe shares: it runs `scale` times faster than real time while the prober keeps up, and
/// slower while the name that has been due longest waits more than `tolerance` probe seconds
/// (in proportion: twice the tolerance, half the speed), down to `scale / maxSlowdown`. A
/// loaded machine then sees the simulated world sampled about as often as an idle one, only
/// over more real time, instead of lookups falling behind the TTLs they follow.
///
/// Time is piecewise linear in real time: each change of speed starts a new piece at the
/// probe time reached, so probe time never jumps.
public final class ProbePace: Sendable {
    /// Probe seconds per real second at full speed.
    public let scale: Double
    /// Probe time at `start`.
    public let origin: Timestamp
    /// Real time at `origin`.
    public let start: NIODeadline
    /// How long (probe seconds) a due name may wait before time slows.
    public let tolerance: Double
    /// The most time slows down: speed never falls under `scale / maxSlowdown`.
    public let maxSlowdown: Double

    private struct Piece {
        /// Time in this piece: from the probe time reached when the speed last changed.
        var line: TimeLine
        var slowest = 1.0
    }
    private let piece: Mutex<Piece>

    /// A pace starting now at `origin`.
    public init(scale: Double, origin: Timestamp, tolerance: Double, maxSlowdown: Double) {
        self.scale = scale > 0 ? scale : 1
        self.origin = origin
        self.tolerance = max(tolerance, 0)
        self.maxSlowdown = max(maxSlowdown, 1)
        start = .now()
        piece = Mutex(Piece(line: TimeLine(start: start, origin: origin, scale: self.scale)))
    }

    /// Probe time at a real instant.
    public func time(at real: NIODeadline) -> Timestamp {
        piece.withLock { $0.line.time(at: real) }
    }

    /// Probe time now.
    public func now() -> Timestamp { time(at: .now()) }

    /// The real instant when probe time reaches `t` at the present speed.
    public func deadline(for t: Timestamp) -> NIODeadline {
        piece.withLock { $0.line.deadline(for: t) }
    }

    /// The most time slowed down so far (1 = never).
    public var slowestFactor: Double { piece.withLock(\.slowest) }

    /// Sets the speed for a prober whose longest-due name has waited `lag` probe seconds at
    /// `real`.
    public func adjust(lag: Double, at real: NIODeadline) {
        let slowdown = lag > tolerance && tolerance > 0 ? min(maxSlowdown, lag / tolerance) : 1
        let rate = scale / slowdown
        piece.withLock { p in
            guard rate != p.line.scale else { return }
            p.line = TimeLine(start: real, origin: p.line.time(at: real), scale: rate)
            p.slowest = max(p.slowest, slowdown)
        }
    }
}
