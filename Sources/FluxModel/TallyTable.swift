/// A tally that knows its key.
protocol KeyedTally: Sendable {
    associatedtype Key: Hashable & Sendable
    var key: Key { get }
}

extension Sighting: KeyedTally {}
extension OutcomeTally: KeyedTally {}
extension AnswerSetTally: KeyedTally {}

/// Tallies (sightings, outcomes, answer sets) of one batch in the order first added, found by
/// their key, or by a wire key (`ByteKeyIndex`) that stands for the same key: the fast path
/// finds a tally from the packet's bytes and builds the key value only for a new one.
///
/// While every tally came with a wire key of its own (`slot(of:wire:hash:orAppend:)`), a wire key not found is a
/// key not held, so the key index (`byKey`) is not kept: it is built from the tallies only
/// when something asks by key. A probe's batch, whose records are mostly new to it, then
/// hashes each record once (its wire key) instead of twice.
struct TallyTable<Key: Hashable & Sendable, Value: KeyedTally>: Sendable where Value.Key == Key {
    /// The tallies, in the order first added.
    private(set) var values: [Value] = []
    private var byKey: [Key: Int] = [:]
    private var byWire = ByteKeyIndex()
    /// The tallies from this slot on are not in `byKey` (added by wire key alone).
    private var indexedCount = 0
    /// True while every tally was added by wire key alone, with its wire key linked.
    private var wireOnly = true

    var count: Int { values.count }

    /// The slot of `key`, or `nil`.
    @inline(__always)
    func slot(of key: Key) -> Int? {
        if let slot = byKey[key] { return slot }
        return values[indexedCount...].firstIndex { $0.key == key }
    }

    /// The slot of the tally of a wire key the table does not hold (`slot(ofWire:)` found
    /// none) and of `key`, and whether it is new (`make()` added), with the wire key linked
    /// to it. While every tally came this way the wire key's absence says the key is new, and
    /// `key` is neither built nor hashed.
    @inline(__always)
    mutating func slot(of key: @autoclosure () -> Key, wire: UnsafeRawBufferPointer, hash: Int,
                       orAppend make: () -> Value) -> (slot: Int, isNew: Bool) {
        guard wireOnly else {
            let found = slot(of: key(), orAppend: make)
            link(wire: wire, hash: hash, to: found.slot)
            return found
        }
        let slot = values.count
        values.append(make())
        if !byWire.insert(wire, hash: hash, slot: slot) {
            // The wire index is full: later repeats of this key are looked up by key.
            indexKeys()
        }
        return (slot, true)
    }

    /// `fold` for a wire key the table does not hold, linking it (see `slot(of:wire:hash:orAppend:)`).
    @discardableResult
    mutating func fold(_ key: @autoclosure () -> Key, wire: UnsafeRawBufferPointer, hash: Int,
                       change: (inout Value) -> Void, make: () -> Value) -> Int {
        let (slot, isNew) = slot(of: key(), wire: wire, hash: hash, orAppend: make)
        if !isNew { change(&values[slot]) }
        return slot
    }

    /// Puts every tally in `byKey` and ends additions by wire key alone: before any addition by key.
    private mutating func indexKeys() {
        wireOnly = false
        while indexedCount < values.count {
            byKey[values[indexedCount].key] = indexedCount
            indexedCount += 1
        }
    }

    /// The slot of a wire key, or `nil`.
    @inline(__always)
    func slot(ofWire key: UnsafeRawBufferPointer, hash: Int) -> Int? { byWire.find(key, hash: hash) }

    /// Remembers that a wire key stands for the tally in `slot` (unless the wire index is
    /// full: then the key is looked up by value next time).
    mutating func link(wire key: UnsafeRawBufferPointer, hash: Int, to slot: Int) {
        _ = byWire.insert(key, hash: hash, slot: slot)
    }

    /// Adds a tally for a key not held yet; returns its slot.
    @discardableResult
    mutating func append(_ value: Value, for key: Key) -> Int {
        indexKeys()
        values.append(value)
        byKey[key] = values.count - 1
        indexedCount = values.count
        return values.count - 1
    }

    /// Folds into the tally of `key`: `change` when it is held, else `make()` is added.
    /// Returns the tally's slot.
    @discardableResult
    mutating func fold(_ key: Key, change: (inout Value) -> Void, make: () -> Value) -> Int {
        let (slot, isNew) = slot(of: key, orAppend: make)
        if !isNew { change(&values[slot]) }
        return slot
    }

    /// The slot of `key`, and whether it is new: when the key is not held, `make()` is added
    /// for it. One hash and probe of the key either way (a lookup then an insert took two for
    /// every new key: perf put hashing keys among the larger costs of folding a probe's batch).
    @inline(__always)
    mutating func slot(of key: Key, orAppend make: () -> Value) -> (slot: Int, isNew: Bool) {
        if wireOnly { indexKeys() }
        let next = values.count
        // The dictionary's defaulting subscript finds the key's bucket once and, when the key
        // is absent, stores `next` there; held slots are all below `next`.
        let slot = TallyTable.read(&byKey[key, default: next])
        guard slot == next else { return (slot, false) }
        values.append(make())
        indexedCount = values.count
        return (slot, true)
    }

    @inline(__always)
    private static func read(_ value: inout Int) -> Int { value }

    /// Changes the tally in `slot` in place.
    @inline(__always)
    mutating func update(_ slot: Int, _ change: (inout Value) -> Void) {
        change(&values[slot])
    }

    /// Forgets everything, keeping the storage.
    mutating func removeAll() {
        values.removeAll(keepingCapacity: true)
        byKey.removeAll(keepingCapacity: true)
        byWire.removeAll()
        indexedCount = 0
        wireOnly = true
    }
}
