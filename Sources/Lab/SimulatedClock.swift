import Foundation

/// The world's clock: simulated time = the scenario start + real time elapsed since the
/// clock was created × the time scale. At 5000× a simulated day passes in about 17 real
/// seconds, so a prober sees days of churn within a minute or two. A clock can also read
/// its time from elsewhere, such as a prober's paced clock that waits for the prober.
public struct SimulatedClock: Sendable {
    /// The simulated time at creation.
    public let start: Date
    /// Simulated seconds per real second (at full speed, for a clock read from elsewhere).
    public let scale: Double
    private let source: @Sendable () -> Date

    /// A clock that starts now at `start`, running `scale` times faster than real time.
    public init(start: Date, scale: Double) {
        let origin = ContinuousClock.now
        self.init(start: start, scale: scale) {
            let real = ContinuousClock.now - origin
            let seconds = Double(real.components.seconds) + Double(real.components.attoseconds) * 1e-18
            return start.addingTimeInterval(seconds * scale)
        }
    }

    /// A clock whose simulated time is whatever `source` says (it must not go backwards).
    public init(start: Date, scale: Double, source: @escaping @Sendable () -> Date) {
        self.start = start
        self.scale = scale
        self.source = source
    }

    /// The clock of a scenario (its start and time scale).
    public init(scenario: Scenario) {
        self.init(start: scenario.start, scale: scenario.timeScale)
    }

    /// The simulated time now.
    public func now() -> Date { source() }
}
