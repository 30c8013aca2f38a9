import DNSWire
import Testing

/// `MessageLayout` (the ingest fast path's view of a message) against `Message.parsePartial`
/// on every message of the corpus and on damaged copies: the same error or none, the same
/// records with the same names, RDATA and RCODE; and its wire keys equal exactly when the
/// parsed names and RDATA are equal.
@Suite(.serialized) struct MessageLayoutTests {
    struct Record: Hashable {
        var name: DNSName
        var type: RecordType
        var data: RData
    }

    @Test(arguments: Corpus.files)
    func layoutAgreesWithParse(file: String) throws {
        var g = SplitMix(seed: UInt64(truncatingIfNeeded: file.utf8.reduce(7) { $0 &* 31 &+ Int($1) }))
        var layout = MessageLayout()
        var recordByKey: [[UInt8]: Record] = [:]
        var keyByRecord: [Record: [UInt8]] = [:]
        var keyed = 0
        for captured in try Corpus.messages(file).messages {
            for bytes in [captured.payload] + MutatedCorpusTests.mutations(of: captured.payload, &g) {
                let (message, error) = bytes.withUnsafeBytes { Message.parsePartial($0) }
                let at = "\(file) frame \(captured.frame): \(bytes)"
                try bytes.withUnsafeBytes { wire in
                    layout.scan(wire)
                    #expect(layout.error == error, "\(at)")
                    guard error == nil else { return }
                    #expect(layout.id == message.id && layout.flags == message.flags && layout.rcode == message.rcode, "\(at)")
                    var records = layout.entries.filter { $0.section != .question }
                    if let opt = records.firstIndex(where: { $0.section == .additional && $0.type == .opt }) {
                        records.remove(at: opt)  // lifted into `edns`
                    }
                    let parsed = message.answers + message.authority + message.additional
                    #expect(records.count == parsed.count, "\(at)")
                    for (e, rr) in zip(records, parsed) {
                        let name = try layout.name(at: e.nameStart, in: wire)
                        #expect(name.wire == rr.name.wire, "\(at)")  // original case kept
                        #expect(e.type == rr.type && e.recordClass == rr.recordClass && e.ttl == rr.ttl, "\(at)")
                        let data = try layout.rdata(of: e, in: wire)
                        #expect(data == rr.data, "\(at)")
                        var key: [UInt8] = []
                        try layout.appendNameKey(at: e.nameStart, in: wire, to: &key)
                        key.append(UInt8(e.type.rawValue >> 8))
                        key.append(UInt8(truncatingIfNeeded: e.type.rawValue))
                        guard try layout.appendRDataKey(of: e, in: wire, to: &key) else { continue }
                        let record = Record(name: name, type: e.type, data: data)
                        // Equal keys for equal records, different keys for different ones.
                        if let known = recordByKey[key] { #expect(known == record, "\(at)") }
                        if let known = keyByRecord[record] { #expect(known == key, "\(at)") }
                        recordByKey[key] = record
                        keyByRecord[record] = key
                        keyed += 1
                    }
                    for (q, question) in zip(layout.entries.filter { $0.section == .question }, message.questions) {
                        #expect(try layout.name(at: q.nameStart, in: wire).wire == question.name.wire, "\(at)")
                    }
                }
            }
        }
        if file.hasSuffix("dns53.pcap") { #expect(keyed > 10) }  // a capture with answers: keys were compared
    }

    @Test func keysIgnoreCaseAndCompressionOnly() throws {
        // Two answers for the same name: one compressed (a pointer to the question), one
        // spelled out in other case; then a CNAME whose target differs only in case.
        let question: [UInt8] = [3, 0x77, 0x77, 0x77, 7] + Array("example".utf8) + [3] + Array("com".utf8) + [0]
        let upper: [UInt8] = [3, 0x57, 0x57, 0x57, 7] + Array("EXAMPLE".utf8) + [3] + Array("Com".utf8) + [0]
        var m: [UInt8] = [0x12, 0x34, 0x81, 0x80, 0, 1, 0, 4, 0, 0, 0, 0] + question + [0, 1, 0, 1]
        let a: [UInt8] = [0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 1]
        m += [0xC0, 12] + a
        m += upper + a
        m += [0xC0, 12] + [0, 5, 0, 1, 0, 0, 0, 60, 0, 2, 0xC0, 12]
        m += [0xC0, 12] + [0, 5, 0, 1, 0, 0, 0, 60, 0, UInt8(upper.count)] + upper
        var layout = MessageLayout()
        var keys: [[UInt8]] = []
        try m.withUnsafeBytes { wire in
            layout.scan(wire)
            #expect(layout.error == nil)
            for e in layout.entries where e.section == .answer {
                var key: [UInt8] = []
                try layout.appendNameKey(at: e.nameStart, in: wire, to: &key)
                #expect(try layout.appendRDataKey(of: e, in: wire, to: &key))
                keys.append(key)
            }
        }
        #expect(keys.count == 4)
        #expect(keys[0] == keys[1])  // same A record, case and compression aside
        #expect(keys[2] == keys[3])  // same CNAME target, case and compression aside
        #expect(keys[0] != keys[2])
        #expect(keys[0].prefix(question.count) == question[...])  // lower case, root octet included
    }
}
