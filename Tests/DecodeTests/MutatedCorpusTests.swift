import DNSWire
import Testing

/// The corpus's messages, damaged in many small ways: `MessageScan.scan` must agree with
/// `Message.parsePartial` on every one (the same error, or none, and the same counts),
/// and whatever still parses must survive serialize -> parse unchanged.
@Suite(.serialized) struct MutatedCorpusTests {
    /// Damaged variants of one message: cut short, one octet overwritten (with values
    /// parsers branch on), or a header count raised.
    static func mutations(of payload: [UInt8], _ g: inout SplitMix) -> [[UInt8]] {
        guard !payload.isEmpty else { return [] }
        var out: [[UInt8]] = []
        for _ in 0..<4 { out.append(Array(payload.prefix(g.below(payload.count)))) }
        let special: [UInt8] = [0x00, 0x01, 0x3F, 0x40, 0x80, 0xC0, 0xFF]
        for i in 0..<10 {
            var m = payload
            let at = g.below(m.count)
            m[at] = i < 5 ? special[g.below(special.count)] : UInt8(truncatingIfNeeded: g.next())
            out.append(m)
        }
        if payload.count >= 12 {
            for _ in 0..<3 {
                var m = payload
                let at = 4 + 2 * g.below(4)
                m[at + 1] &+= UInt8(1 + g.below(3))
                out.append(m)
            }
        }
        return out
    }

    @Test(arguments: Corpus.files)
    func scanAgreesWithParseOnDamagedMessages(file: String) throws {
        var g = SplitMix(seed: UInt64(truncatingIfNeeded: file.utf8.reduce(5381) { $0 &* 33 &+ Int($1) }))
        for captured in try Corpus.messages(file).messages {
            for bytes in MutatedCorpusTests.mutations(of: captured.payload, &g) {
                let (message, error) = bytes.withUnsafeBytes { Message.parsePartial($0) }
                let scan = bytes.withUnsafeBytes { MessageScan.scan($0) }
                let at = "\(file) frame \(captured.frame): \(bytes)"
                #expect(scan.error == error, "\(at)")
                #expect(scan.questions == message.questions.count && scan.answers == message.answers.count
                        && scan.authority == message.authority.count, "\(at)")
                guard error == nil else { continue }
                // Whatever parses must serialize (a parsed value never exceeds a wire limit).
                let wire = try message.serialize()
                var expected = message
                expected.anomalies = []
                #expect(try Message(wire: wire) == expected, "\(at)")
            }
        }
    }
}
