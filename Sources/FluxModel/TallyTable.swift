/// Tallies (sightings, outcomes, answer sets) of one batch in the order first added, found by
/// their key, or by a wire key (`ByteKeyIndex`) that stands for the same key: the fast path
/// finds a tally from the packet's bytes and builds the key value only for a new one.
struct TallyTable<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    /// The tallies, in the order first added.
    private(set) var values: [Value] = []
    private var byKey: [Key: Int] = [:]
    private var byWire = ByteKeyIndex()

    var count: Int { values.count }

    /// The slot of `key`, or `nil`.
    @inline(__always)
    func slot(of key: Key) -> Int? { byKey[key] }

    /// The slot of a wire key, or `nil`.
    @inline(__always)
    func slot(ofWire key: UnsafeRawBufferPointer, hash: Int) -> Int? { byWire.find(key, hash: hash) }

    /// Remembers that a wire key stands for the tally in `slot` (unless the wire index is
    /// full: then the key is looked up by value next time).
    mutating func link(wire key: UnsafeRawBufferPointer, hash: Int, to slot: Int) {
        byWire.insert(key, hash: hash, slot: slot)
    }

    /// Adds a tally for a key not held yet; returns its slot.
    @discardableResult
    mutating func append(_ value: Value, for key: Key) -> Int {
        values.append(value)
        byKey[key] = values.count - 1
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
        let next = values.count
        // The dictionary's defaulting subscript finds the key's bucket once and, when the key
        // is absent, stores `next` there; held slots are all below `next`.
        let slot = TallyTable.read(&byKey[key, default: next])
        guard slot == next else { return (slot, false) }
        values.append(make())
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
    }
}
