import Foundation

/// The world's clock: simulated time = the scenario start + real time elapsed since the
/// clock was created × the time scale. At 5000× a simulated day passes in about 17 real
/// seconds, so a prober sees days of churn within a minute or two.
public struct SimulatedClock: Sendable {
    /// The simulated time at creation.
    public let start: Date
    /// Simulated seconds per real second.
    public let scale: Double
    private let origin: ContinuousClock.Instant

    /// A clock that starts now at `start`, running `scale` times faster than real time.
    public init(start: Date, scale: Double) {
        self.start = start
        self.scale = scale
        origin = ContinuousClock.now
    }

    /// The clock of a scenario (its start and time scale).
    public init(scenario: Scenario) {
        self.init(start: scenario.start, scale: scenario.timeScale)
    }

    /// The simulated time now.
    public func now() -> Date {
        let real = ContinuousClock.now - origin
        let seconds = Double(real.components.seconds) + Double(real.components.attoseconds) * 1e-18
        return start.addingTimeInterval(seconds * scale)
    }
}
