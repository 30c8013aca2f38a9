import FluxModel

/// An `IngestSink` that deduplicates into a `SightingBatch` and hands the batch on at record
/// boundaries when `policy` says so, with the position (records ended so far) to commit with
/// it. When resuming, it drops everything up to `resumePosition`.
///
/// Counters without a record of their own (messages, malformed, unanswered) go to
/// `defaultSource`. Not `Sendable`: it lives on the reading thread.
public struct BatchingSink: IngestSink {
    /// Takes a full batch and the position after its last record; returns false when the
    /// consumer has given up (the sink then drops everything).
    public typealias Deliver = (SightingBatch, Int64) -> Bool

    /// The batch being filled.
    public private(set) var batch: SightingBatch
    /// Records ended so far (including those skipped on resume).
    public private(set) var position: Int64 = 0
    /// True once the consumer gave up.
    public private(set) var isCancelled = false
    /// Responses seen (not a stored counter; for summaries).
    public private(set) var responses: Int64 = 0

    private let policy: BatchPolicy
    private let defaultSource: SourceID
    private let resumePosition: Int64
    private let deliver: Deliver?
    private let report: (IngestProblem) -> Void
    private let progress: ReadProgress?

    /// Creates a sink.
    /// - Parameters:
    ///   - clientMode: The privacy form of client strings, or `nil` when clients are off.
    ///   - defaultSource: Where record-less counters go.
    ///   - resumePosition: Records to drop from the start (an interrupted run's position).
    ///   - deliver: Receives full batches; `nil` to leave batches for `takeBatch()`.
    ///   - report: Told of every problem (after the resume position).
    public init(clientMode: ClientMode?, defaultSource: SourceID, policy: BatchPolicy = BatchPolicy(),
                resumePosition: Int64 = 0, progress: ReadProgress? = nil,
                report: @escaping (IngestProblem) -> Void = { _ in }, deliver: Deliver? = nil) {
        batch = SightingBatch(clientMode: clientMode == .drop ? nil : clientMode)
        self.policy = policy
        self.defaultSource = defaultSource
        self.resumePosition = resumePosition
        self.progress = progress
        self.report = report
        self.deliver = deliver
    }

    /// True while records before the resume position are being dropped (or after cancel).
    @inline(__always) var dropping: Bool { position < resumePosition || isCancelled }

    public mutating func observe(_ observation: Observation) {
        if !dropping { batch.add(observation) }
    }

    public mutating func outcome(_ outcome: Outcome) {
        if !dropping { batch.add(outcome) }
    }

    public mutating func client(_ query: ClientQuery) {
        if !dropping, batch.clientMode != nil { batch.add(query) }
    }

    public mutating func answerSet(_ set: AnswerSet) {
        if !dropping { batch.add(set) }
    }

    public mutating func observe(wireKey: UnsafeRawBufferPointer, time: Timestamp, ttl: UInt32?, source: SourceID,
                                 make: () throws -> Observation) rethrows {
        if !dropping { try batch.addObservation(wireKey: wireKey, time: time, ttl: ttl, source: source, make: make) }
    }

    public mutating func outcome(wireKey: UnsafeRawBufferPointer, time: Timestamp, source: SourceID,
                                 make: () throws -> Outcome) rethrows {
        if !dropping { try batch.addOutcome(wireKey: wireKey, time: time, source: source, make: make) }
    }

    public mutating func answerSet(wireKey: UnsafeRawBufferPointer, time: Timestamp,
                                   make: () throws -> AnswerSet) rethrows {
        if !dropping { try batch.addAnswerSet(wireKey: wireKey, time: time, make: make) }
    }

    public mutating func replay(messageKey: UnsafeRawBufferPointer, time: Timestamp, source: SourceID,
                                ttls: UnsafeBufferPointer<UInt32>) -> Bool {
        dropping || batch.replay(messageKey: messageKey, time: time, source: source, ttls: ttls)
    }

    public mutating func beginMessage() {
        if !dropping { batch.beginMessage() }
    }

    public mutating func endMessage(key: UnsafeRawBufferPointer) {
        if !dropping { batch.endMessage(key: key) }
    }

    public mutating func count(_ counter: IngestCounter, _ n: Int) {
        guard !dropping else { return }
        let n = Int64(n)
        switch counter {
        case .messages: batch.countMessages(n, for: defaultSource)
        case .malformed: batch.tally(IngestCounters(malformed: n), for: defaultSource)
        case .unansweredQueries: batch.tally(IngestCounters(unansweredQueries: n), for: defaultSource)
        case .responses: responses += n
        case .observations: break  // `batch.add` counts observations per source
        case .skippedRecords: break  // already reported as problems by the reader
        }
    }

    public mutating func problem(_ problem: IngestProblem) {
        guard !dropping else { return }
        batch.tally(IngestCounters(malformed: 1), for: defaultSource)
        report(problem)
    }

    public mutating func endOfRecord() {
        position += 1
        if position & 255 == 0 { progress?.records = position }
        guard deliver != nil, !dropping else { return }
        if isDue() { flush() }
    }

    /// Hands the batch on now (if it holds anything) with the current position.
    public mutating func flush() {
        guard let deliver, !isCancelled, !batch.isEmpty else { return }
        progress?.records = position
        if !deliver(batch, position) { isCancelled = true }
        batch.removeAll()
    }

    /// Takes the batch out (for owners that flush on their own timer).
    public mutating func takeBatch() -> SightingBatch {
        let taken = batch
        batch.removeAll()
        return taken
    }

    private func isDue() -> Bool {
        if batch.distinctCount >= policy.maxDistinct { return true }
        // The clock is read every 64 records only (it shows in profiles at a million a second).
        if let maxAge = policy.maxAge, position & 63 == 0, let opened = batch.openedAt, opened.duration(to: .now) >= maxAge {
            return true
        }
        if let limit = policy.memoryLimit, position & 4095 == 0, batch.distinctCount >= policy.minimumForMemory,
           let rss = ResidentMemory.bytes(), rss > limit {
            return true
        }
        return false
    }
}
