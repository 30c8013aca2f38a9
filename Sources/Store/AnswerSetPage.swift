import FluxModel

/// Where a scan of all answer sets stopped: the last row's key in scan order (owner name
/// lower-cased, type, address list). Opaque to callers.
public struct AnswerSetCursor: Hashable, Sendable {
    let nameKey: String
    let type: Int
    let addresses: String
}

/// One page of a scan over all answer sets, ordered by owner name (a name's sets arrive
/// together), then type, then address list.
public struct AnswerSetPage: Hashable, Sendable {
    /// The tallies of this page, in scan order.
    public var answerSets: [AnswerSetTally]
    /// Where to continue; `nil` when the scan is done.
    public var next: AnswerSetCursor?

    /// Creates a page.
    public init(answerSets: [AnswerSetTally], next: AnswerSetCursor?) {
        self.answerSets = answerSets
        self.next = next
    }
}
