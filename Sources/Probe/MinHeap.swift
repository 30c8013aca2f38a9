/// A binary min-heap ordered by a `Comparable` key: the scheduler's queue of due times and
/// the engine's queue of timeouts.
struct MinHeap<Key: Comparable, Value> {
    private var keys: [Key] = []
    private var values: [Value] = []

    var isEmpty: Bool { keys.isEmpty }
    var count: Int { keys.count }
    /// The smallest key, if any.
    var minKey: Key? { keys.first }

    mutating func push(_ key: Key, _ value: Value) {
        keys.append(key)
        values.append(value)
        var i = keys.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard keys[i] < keys[parent] else { break }
            keys.swapAt(i, parent)
            values.swapAt(i, parent)
            i = parent
        }
    }

    /// Removes and returns the entry with the smallest key.
    mutating func pop() -> (key: Key, value: Value)? {
        guard !keys.isEmpty else { return nil }
        let top = (keys[0], values[0])
        let lastKey = keys.removeLast(), lastValue = values.removeLast()
        if !keys.isEmpty {
            keys[0] = lastKey
            values[0] = lastValue
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < keys.count && keys[l] < keys[m] { m = l }
                if r < keys.count && keys[r] < keys[m] { m = r }
                if m == i { break }
                keys.swapAt(i, m)
                values.swapAt(i, m)
                i = m
            }
        }
        return top
    }
}
