import DNSWire

/// Matches captured queries with their responses, to count the queries nobody answered.
///
/// A query waits under its key: client and server address and port, message ID, question
/// type, and the question name (any case). A response with the same key (endpoints swapped)
/// answers it. A query still waiting `window` seconds of capture time after it was seen is
/// unanswered; so is the oldest query when more than `capacity` wait at once (memory stays
/// bounded whatever the traffic), and every query still waiting at the end of the input.
/// A repeated query (a retransmission) waits once, from its first sighting.
public struct QueryMatcher {
    /// What identifies an exchange.
    public struct Key: Hashable {
        var client: IPAddress
        var server: IPAddress
        var clientPort: UInt16
        var serverPort: UInt16
        var id: UInt16
        var type: RecordType
        var name: DNSName

        /// Creates a key.
        public init(client: IPAddress, clientPort: UInt16, server: IPAddress, serverPort: UInt16, id: UInt16,
                    type: RecordType, name: DNSName) {
            self.client = client
            self.clientPort = clientPort
            self.server = server
            self.serverPort = serverPort
            self.id = id
            self.type = type
            self.name = name
        }
    }

    /// Seconds of capture time a query waits for its response.
    public let window: Double
    /// Queries waiting at most.
    public let capacity: Int
    private var waiting: [Key: Double] = [:]
    /// Keys in arrival order with their arrival time; entries before `head` are done.
    private var order: [(key: Key, time: Double)] = []
    private var head = 0

    /// Creates a matcher.
    public init(window: Double = 10, capacity: Int = 1 << 18) {
        self.window = window
        self.capacity = max(1, capacity)
    }

    /// Queries waiting now.
    public var waitingCount: Int { waiting.count }

    /// A query was seen.
    public mutating func asked(_ key: Key, at time: Double) {
        // One hash on the common path: insert, and put the first time back for a repeat.
        if let first = waiting.updateValue(time, forKey: key) {
            waiting[key] = first
            return
        }
        order.append((key, time))
    }

    /// A response was seen; answers its query if one waits.
    public mutating func answered(_ key: Key) {
        waiting.removeValue(forKey: key)
    }

    /// Gives up on queries older than the window (and on the oldest beyond capacity).
    /// - Returns: How many queries were given up (unanswered).
    public mutating func expire(now: Double) -> Int {
        var given = 0
        while head < order.count {
            let (key, time) = order[head]
            guard time < now - window || waiting.count > capacity else { break }
            // Skip entries answered (or re-asked later) since.
            if waiting[key] == time {
                waiting.removeValue(forKey: key)
                given += 1
            }
            head += 1
        }
        if head >= 4096, head * 2 >= order.count {
            order.removeFirst(head)
            head = 0
        }
        return given
    }

    /// Ends the input: every waiting query is unanswered.
    /// - Returns: How many were waiting.
    public mutating func drain() -> Int {
        let n = waiting.count
        waiting.removeAll()
        order.removeAll()
        head = 0
        return n
    }
}
