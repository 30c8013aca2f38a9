import FluxModel
import Synchronization

/// The latest analysis, shared by the HTTP handlers and replaced whole by the analysis
/// service: readers take the current snapshot and never wait for a run.
public final class AnalysisCache: Sendable {
    private let current: Mutex<AnalysisSnapshot?>
    private let runs = Mutex(0)

    /// An empty cache (no analysis yet), or one holding `snapshot`.
    public init(_ snapshot: AnalysisSnapshot? = nil) { current = Mutex(snapshot) }

    /// The latest snapshot, or `nil` before the first analysis finished.
    public var snapshot: AnalysisSnapshot? { current.withLock { $0 } }

    /// Replaces the snapshot.
    public func publish(_ snapshot: AnalysisSnapshot) {
        current.withLock { $0 = snapshot }
        runs.withLock { $0 += 1 }
    }

    /// Analysis runs published so far.
    public var publishedRuns: Int { runs.withLock { $0 } }
}
