import DNSWire
import FluxModel
@testable import Probe
import Testing

/// The prober's digest of a response read from its layout (`ResponseDigest(question:layout:...)`,
/// no `Message`) against the digest of the parsed message: the same chain end, outcome,
/// TTLs, NS hosts, addresses and record count on every response of every capture under
/// ../shared/data/captures that answers its question (as the prober matches answers), and
/// on damaged copies; `nil` (the parsed path) only where the parsed digest may be a referral.
@Suite(.serialized) struct ResponseDigestWireTests {
    /// Compares both digests of each response in `payloads`; returns how many were read from
    /// the layout.
    static func compare(_ payloads: [[UInt8]], maxLinks: Int = 8) -> (fromLayout: Int, parsed: Int) {
        var layout = MessageLayout()
        var keys: [UInt8] = []
        var fromLayout = 0, parsed = 0
        for (i, payload) in payloads.enumerated() {
            payload.withUnsafeBytes { bytes in
                let (message, error) = Message.parsePartial(bytes)
                guard error == nil, let question = message.questions.first, QueryWire.matches(bytes, question) else { return }
                for type in [question.type, .a, .aaaa, .ns, .cname] {  // also as if another type was asked
                    var asked = question
                    asked.type = type
                    let time = Double(i)
                    let parsedDigest = ResponseDigest(question: asked, message: message, time: time, source: 3,
                                                      maxLinks: maxLinks, keepObservations: false)
                    layout.scan(bytes)
                    #expect(layout.error == nil)
                    guard let wire = ResponseDigest(question: asked, layout: layout, wire: bytes, time: time, source: 3,
                                                    maxLinks: maxLinks, keys: &keys) else {
                        #expect(message.rcode == .noError && !message.flags.aa
                                && message.answers.allSatisfy { $0.type == .opt }, "\(i)")
                        parsed += 1
                        continue
                    }
                    fromLayout += 1
                    #expect(parsedDigest.referral == nil)
                    #expect(wire.recordCount == parsedDigest.recordCount)
                    #expect(wire.chainEnd == parsedDigest.chainEnd && wire.chainEnd.description == parsedDigest.chainEnd.description)
                    #expect(wire.incompleteChain == parsedDigest.incompleteChain)
                    #expect(wire.answerTTL == parsedDigest.answerTTL && wire.negativeTTL == parsedDigest.negativeTTL)
                    #expect(wire.nsHosts.map(\.description) == parsedDigest.nsHosts.map(\.description))
                    #expect(wire.addresses == parsedDigest.addresses)
                    #expect(wire.outcome == parsedDigest.outcome, "\(i) \(asked)")
                }
            }
        }
        return (fromLayout, parsed)
    }

    @Test func layoutAndParsedDigestsAgreeOnEveryCapture() throws {
        let files = CaptureIngestTests.captureFiles()
        try #require(files.count >= 100, "expected the shared captures in \(CaptureIngestTests.captures)")
        var fromLayout = 0
        for file in files {
            var payloads: [[UInt8]] = []
            _ = try FastPathTests.messages(of: file, payloads: &payloads)
            fromLayout += Self.compare(payloads).fromLayout
            _ = Self.compare(payloads, maxLinks: 1)
        }
        #expect(fromLayout > 1000)
    }

    /// Damaged copies of the responses (octets overwritten after the question, case flipped,
    /// compression pointers planted) that still parse.
    @Test func layoutAndParsedDigestsAgreeOnDamagedResponses() throws {
        var fromLayout = 0
        for file in CaptureIngestTests.captureFiles() {
            var payloads: [[UInt8]] = []
            _ = try FastPathTests.messages(of: file, payloads: &payloads)
            let damaged = FastPathTests.damagedCopies(of: payloads, from: 12, cut: false).map(\.copy)
            fromLayout += Self.compare(damaged).fromLayout
        }
        #expect(fromLayout > 1000)
    }
}
