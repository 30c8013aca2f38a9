/// Whole messages a batch has taken in before, by a message key (for DNS: the message's
/// bytes after the ID, with record TTLs blanked), each with the tallies its records went to.
/// A capture repeats the same responses over and over; replaying one updates its tallies
/// straight away, without a key lookup per record (`SightingBatch.replay`).
///
/// Bounded: at most `maxTemplates` messages, `maxKeyBytes` octets of keys and `maxItems`
/// tallies per batch; past that, new messages are simply not recorded. Emptied with the batch, since it holds slot numbers.
struct MessageReplays: Sendable {
    enum Kind: UInt8, Sendable { case sighting, outcome, answerSet }

    struct Item: Sendable {
        var kind: Kind
        var slot: Int32
    }

    static let maxTemplates = 1 << 16
    static let maxItems = 1 << 20
    static let maxKeyBytes = 32 << 20

    private var index = ByteKeyIndex()
    private(set) var items: [Item] = []
    private var ranges: [Range<Int>] = []
    /// Where the message being recorded started in `items`, while one is.
    private var recordingFrom: Int?
    /// Set when the message being recorded added something that is not wire keyed.
    private var spoiled = false

    /// Starts recording a message's tallies.
    mutating func begin() {
        recordingFrom = items.count
        spoiled = false
    }

    /// Notes a tally the message being recorded went to.
    @inline(__always)
    mutating func record(_ kind: Kind, slot: Int) {
        guard recordingFrom != nil else { return }
        items.append(Item(kind: kind, slot: Int32(slot)))
    }

    /// The message being recorded added something a replay could not repeat.
    @inline(__always)
    mutating func spoil() {
        if recordingFrom != nil { spoiled = true }
    }

    /// Ends recording; keeps the message under `key` unless it was spoiled, added nothing,
    /// is known already, or the limits are reached.
    mutating func end(key: UnsafeRawBufferPointer) {
        guard let from = recordingFrom else { return }
        recordingFrom = nil
        let hash = ByteKeyIndex.hash(key)
        guard !spoiled, items.count > from, ranges.count < Self.maxTemplates, items.count <= Self.maxItems,
              index.keyBytes + key.count <= Self.maxKeyBytes,
              index.find(key, hash: hash) == nil, index.insert(key, hash: hash, slot: ranges.count) else {
            items.removeSubrange(from...)
            return
        }
        ranges.append(from..<items.count)
    }

    /// The tallies of a message recorded under `key`, or `nil`.
    func find(_ key: UnsafeRawBufferPointer) -> Range<Int>? {
        index.find(key, hash: ByteKeyIndex.hash(key)).map { ranges[$0] }
    }

    /// Forgets every message.
    mutating func removeAll() {
        index.removeAll()
        items.removeAll(keepingCapacity: true)
        ranges.removeAll(keepingCapacity: true)
        recordingFrom = nil
    }
}
