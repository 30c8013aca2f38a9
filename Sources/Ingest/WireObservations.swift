import DNSWire
import FluxModel

/// The fast path of `MessageObservations`: the same sink calls for a well-formed message,
/// taken straight from its bytes. Records are found by `MessageLayout` (the parser's checks,
/// without building values), each one is named to the sink by a wire key (its owner name
/// and RDATA in canonical form, see `MessageLayout.appendNameKey`), and the `Observation`,
/// `AnswerSet` or `Outcome` value is built only when the sink has not seen that key in its
/// batch. Names, RDATA and addresses are thus built once per distinct record and batch
/// instead of once per packet.
///
/// A message that does not scan cleanly is not handled here: the caller parses it with
/// `Message.parsePartial` and `MessageObservations.emit` (malformed input keeps its one,
/// careful path). `FastPathTests` checks that both paths give the same calls on every
/// capture under ../shared/data.
///
/// Reusable from one message to the next (scratch storage is kept); not `Sendable`: one per
/// reading thread.
public struct WireObservations {
    /// The layout of the message last scanned.
    public private(set) var layout = MessageLayout()
    /// Scratch: the wire key being built.
    private var key: [UInt8] = []
    /// Scratch: the message key and observation TTLs for `IngestSink.replay`.
    private var messageKey: [UInt8] = []
    private var ttls: [UInt32] = []
    /// Scratch for answer sets: the RRsets of the answer section, their owners' keys, and
    /// the addresses of each.
    private var groups: [AddressGroup] = []
    private var groupNames: [UInt8] = []
    private var members: [(group: Int, value: UInt128)] = []
    private var values: [UInt128] = []

    private struct AddressGroup {
        var type: RecordType
        var nameStart: Int
        var nameKey: Range<Int>
    }

    /// Creates an empty one.
    public init() {}

    /// Scans `wire` into `layout`; true when the message is well formed (then `emit` may be
    /// called for it).
    public mutating func scan(_ wire: UnsafeRawBufferPointer) -> Bool {
        layout.scan(wire)
        return layout.error == nil
    }

    /// Takes over the layout of a well-formed message scanned on another thread
    /// (`MessageLayout.restore`), instead of `scan`; `emit` may then be called for it.
    public mutating func restore(id: UInt16, flags: HeaderFlags, extendedRCode: UInt8,
                                 entries: UnsafeBufferPointer<WireEntry>) {
        layout.restore(id: id, flags: flags, extendedRCode: extendedRCode, entries: entries)
    }

    /// Emits what the message last scanned shows, as `MessageObservations.emit(_:complete:
    /// time:source:client:into:)` does for the parsed message (`complete` true).
    /// - Parameter wire: The bytes `scan` accepted.
    /// - Throws: Only if a name or RDATA the scan accepted fails to build, which the scan's
    ///   checks rule out; the sink may then hold part of the message.
    public mutating func emit<Sink: IngestSink>(_ wire: UnsafeRawBufferPointer, time: Timestamp, source: SourceID,
                                                client: String? = nil, into sink: inout Sink) throws {
        let layout = self.layout
        sink.count(.messages, 1)
        guard layout.flags.qr else {
            if let client {
                for q in layout.entries where q.section == .question {
                    sink.client(ClientQuery(client: client, name: try layout.name(at: q.nameStart, in: wire),
                                            time: time, source: source))
                }
            }
            return
        }
        sink.count(.responses, 1)
        guard layout.flags.opcode == .query else { return }
        // A message seen before in the sink's batch: its tallies are updated in one go.
        prepareReplay(wire)
        let replayed = messageKey.withUnsafeBytes { key in
            ttls.withUnsafeBufferPointer { sink.replay(messageKey: key, time: time, source: source, ttls: $0) }
        }
        if replayed { return }
        sink.beginMessage()
        try emitResponse(wire, time: time, source: source, into: &sink)
        messageKey.withUnsafeBytes { sink.endMessage(key: $0) }
    }

    /// The records, answer sets and outcomes of a response (opcode QUERY).
    private mutating func emitResponse<Sink: IngestSink>(_ wire: UnsafeRawBufferPointer, time: Timestamp,
                                                         source: SourceID, into sink: inout Sink) throws {
        let layout = self.layout
        var kept = 0
        var addressRecords = 0
        for e in layout.entries where e.section == .answer && e.recordClass == .in && MessageObservations.keepsAnswer(e.type) {
            try observe(e, section: .answer, wire, time: time, source: source, into: &sink)
            kept += 1
            if WireObservations.hasAddress(e, anyClass: false) { addressRecords += 1 }
        }
        if addressRecords > 0, !layout.flags.tc {
            try emitAnswerSets(wire, time: time, source: source, into: &sink)
        }
        for e in layout.entries where e.section == .authority && e.type == .ns && e.recordClass == .in {
            try observe(e, section: .authority, wire, time: time, source: source, into: &sink)
        }
        for e in layout.entries where e.section == .additional && (e.type == .a || e.type == .aaaa) && e.recordClass == .in {
            try observe(e, section: .additional, wire, time: time, source: source, into: &sink)
        }
        guard !layout.flags.tc else { return }
        let rcode = layout.rcode
        let negative = rcode == .nxDomain || rcode == .servFail || rcode == .refused || (rcode == .noError && kept == 0)
        guard negative else { return }
        for q in layout.entries where q.section == .question {
            key.removeAll(keepingCapacity: true)
            append(q.type.rawValue)
            append(rcode.rawValue)
            try layout.appendNameKey(at: q.nameStart, in: wire, to: &key)
            try key.withUnsafeBytes { k in
                try sink.outcome(wireKey: k, time: time, source: source) {
                    Outcome(name: try layout.name(at: q.nameStart, in: wire), type: q.type, rcode: rcode,
                            time: time, source: source)
                }
            }
        }
    }

    /// Emits every record of the message last scanned as the prober keeps them: each record
    /// of the answer, authority and additional sections but OPT (any class), as an observation
    /// seen at `time` from `source` (by wire key, as `emit` does), then the answer sets of the
    /// answer section (its A and AAAA records of any class, grouped by owner and type). No
    /// counters, outcomes or replays: the prober decides those from its own digest of the
    /// response. The same calls as `observe` of each of the response's `Observation`s (in
    /// message order) followed by `answerSet` of each group (`ProbeStoreSink`'s value path).
    /// - Parameter wire: The bytes `scan` accepted.
    public mutating func emitRecords<Sink: IngestSink>(_ wire: UnsafeRawBufferPointer, time: Timestamp, source: SourceID,
                                                       into sink: inout Sink) throws {
        let layout = self.layout
        var addressRecords = 0
        for e in layout.entries where e.section != .question && e.type != .opt {
            try observe(e, section: e.section, wire, time: time, source: source, into: &sink)
            if e.section == .answer && WireObservations.hasAddress(e, anyClass: true) { addressRecords += 1 }
        }
        if addressRecords > 0 {
            try emitAnswerSets(wire, time: time, source: source, anyClass: true, into: &sink)
        }
    }

    /// True for an A or AAAA record with an address: of class IN, or with `anyClass` of any
    /// class whose RDATA is not empty (class ANY and NONE may carry none, RFC 2136; the scan
    /// checked the length of any other).
    @inline(__always)
    private static func hasAddress(_ e: WireEntry, anyClass: Bool) -> Bool {
        (e.type == .a || e.type == .aaaa) && (e.recordClass == .in || anyClass && e.rdataEnd > e.rdataStart)
    }

    /// One record as an observation: by wire key when its RDATA has a key form, else built.
    private mutating func observe<Sink: IngestSink>(_ e: WireEntry, section: Section, _ wire: UnsafeRawBufferPointer,
                                                    time: Timestamp, source: SourceID, into sink: inout Sink) throws {
        let layout = self.layout
        let make = { () throws -> Observation in
            Observation(name: try layout.name(at: e.nameStart, in: wire), type: e.type,
                        data: try layout.rdata(of: e, in: wire), ttl: e.ttl, section: section, time: time,
                        source: source)
        }
        key.removeAll(keepingCapacity: true)
        append(e.type.rawValue)
        try layout.appendNameKey(at: e.nameStart, in: wire, to: &key)
        guard try layout.appendRDataKey(of: e, in: wire, to: &key) else {
            sink.observe(try make())
            return
        }
        try key.withUnsafeBytes { k in
            try sink.observe(wireKey: k, time: time, ttl: e.ttl, source: source, make: make)
        }
    }

    /// The answer sets of the answer section, as `MessageObservations.emitAnswerSets`: the A
    /// and AAAA records grouped by owner (any case) and type in order of first appearance;
    /// each group's key is its type, owner key and sorted distinct addresses.
    /// With `anyClass`, records of every class count (`hasAddress`), as the prober groups them.
    private mutating func emitAnswerSets<Sink: IngestSink>(_ wire: UnsafeRawBufferPointer, time: Timestamp,
                                                           source: SourceID, anyClass: Bool = false,
                                                           into sink: inout Sink) throws {
        let layout = self.layout
        groups.removeAll(keepingCapacity: true)
        groupNames.removeAll(keepingCapacity: true)
        members.removeAll(keepingCapacity: true)
        for e in layout.entries where e.section == .answer && WireObservations.hasAddress(e, anyClass: anyClass) {
            let start = groupNames.count
            try layout.appendNameKey(at: e.nameStart, in: wire, to: &groupNames)
            let name = start..<groupNames.count
            var group = groups.count
            for (i, g) in groups.enumerated() where g.type == e.type && groupNames[g.nameKey] == groupNames[name] {
                group = i
                break
            }
            if group == groups.count {
                groups.append(AddressGroup(type: e.type, nameStart: e.nameStart, nameKey: name))
            } else {
                groupNames.removeSubrange(name)
            }
            var value: UInt128 = 0
            for i in e.rdataStart..<e.rdataEnd { value = value << 8 | UInt128(wire[i]) }
            members.append((group, value))
        }
        for (index, g) in groups.enumerated() {
            values.removeAll(keepingCapacity: true)
            for m in members where m.group == index { values.append(m.value) }
            values.sort()
            key.removeAll(keepingCapacity: true)
            append(g.type.rawValue)
            key.append(contentsOf: groupNames[g.nameKey])
            let width = g.type == .a ? 4 : 16
            var previous: UInt128?
            for v in values where v != previous {
                previous = v
                for shift in stride(from: (width - 1) * 8, through: 0, by: -8) {
                    key.append(UInt8(truncatingIfNeeded: v >> UInt128(shift)))
                }
            }
            let addresses = values
            try key.withUnsafeBytes { k in
                try sink.answerSet(wireKey: k, time: time) {
                    AnswerSet(name: try layout.name(at: g.nameStart, in: wire), type: g.type,
                              addresses: addresses.map { g.type == .a ? .v4(IPv4Address(UInt32($0))) : .v6(IPv6Address($0)) },
                              time: time, source: source)
                }
            }
        }
    }

    /// The message key (the bytes after the ID, record TTLs blanked: what the message
    /// yields does not depend on them) and the TTLs of the records it observes, in the order
    /// `emitResponse` observes them.
    private mutating func prepareReplay(_ wire: UnsafeRawBufferPointer) {
        messageKey.removeAll(keepingCapacity: true)
        messageKey.append(contentsOf: UnsafeRawBufferPointer(rebasing: wire[2...]))
        ttls.removeAll(keepingCapacity: true)
        for e in layout.entries where e.section != .question && e.type != .opt {
            // TTL: the four octets before RDLENGTH. (OPT's holds the extended RCODE: kept.)
            for i in (e.rdataStart - 8)..<(e.rdataStart - 4) { messageKey[i] = 0 }
        }
        for e in layout.entries where e.section == .answer && e.recordClass == .in && MessageObservations.keepsAnswer(e.type) {
            ttls.append(e.ttl)
        }
        for e in layout.entries where e.section == .authority && e.type == .ns && e.recordClass == .in {
            ttls.append(e.ttl)
        }
        for e in layout.entries where e.section == .additional && (e.type == .a || e.type == .aaaa) && e.recordClass == .in {
            ttls.append(e.ttl)
        }
    }

    @inline(__always)
    private mutating func append(_ v: UInt16) {
        key.append(UInt8(v >> 8))
        key.append(UInt8(truncatingIfNeeded: v))
    }
}
