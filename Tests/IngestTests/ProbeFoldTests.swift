import DNSWire
import FluxModel
import Ingest
import PacketCapture
@testable import Pipeline
@testable import Probe
import Testing

/// The store sink's fold of a probe's results straight from the response bytes
/// (`ProbeFold`, `WireObservations.emitRecords`) against the fold of the same results as
/// `Observation` values (the path every result took before, and malformed responses still
/// take): the same batch, on every response of every capture under ../shared/data/captures
/// and on damaged copies that still parse.
@Suite(.serialized) struct ProbeFoldTests {
    /// Both folds of the responses among `payloads` (those that parse without error), each
    /// seen from one of three sources at its own time, with an outcome for negative answers.
    static func folds(_ payloads: [[UInt8]]) -> (wire: [String], values: [String], records: Int, results: Int) {
        let server = ProbeServer(address: .v4(IPv4Address(127, 0, 0, 1)), port: 53)
        var wire = ProbeFold(), values = ProbeFold()
        var scratch = WireObservations()
        var records = 0, results = 0
        for (i, payload) in payloads.enumerated() {
            let (message, error) = payload.withUnsafeBytes { Message.parsePartial($0) }
            guard error == nil, message.flags.qr else { continue }
            let source = SourceID(i % 3 + 1)
            let time = Double(1_000 + i % 500)  // repeats of a time too
            let question = message.questions.first ?? Question(name: .root, type: .a)
            let negative = message.rcode != .noError || message.answers.isEmpty
            let outcome = negative ? Outcome(name: question.name, type: question.type, rcode: message.rcode, time: time,
                                             source: source) : nil
            let count = payload.withUnsafeBytes { ResponseDigest.observations(of: Message.parsePartial($0).message, time: time,
                                                                              source: source).count }
            let fromWire = ProbeResult(probedName: question.name, question: question, purpose: .target, server: server,
                                       source: source, status: .answered(message.rcode), time: time, rtt: 0.001,
                                       attempts: 1, transport: .udp, authoritative: message.flags.aa,
                                       response: payload, recordCount: count, outcome: outcome)
            let asValues = ProbeResult(probedName: question.name, question: question, purpose: .target, server: server,
                                       status: .answered(message.rcode), time: time, rtt: 0.001, attempts: 1,
                                       transport: .udp, authoritative: message.flags.aa,
                                       observations: fromWire.observations, outcome: outcome)
            #expect(asValues.recordCount == count && asValues.source == (count > 0 ? source : outcome?.source ?? 0))
            wire.add(fromWire, wire: &scratch)
            values.add(asValues, wire: &scratch)
            records += count
            results += 1
        }
        return (FastPathTests.describe(wire.batch), FastPathTests.describe(values.batch), records, results)
    }

    @Test func wireAndValueFoldsAgreeOnEveryCapture() throws {
        let files = CaptureIngestTests.captureFiles()
        try #require(files.count >= 100, "expected the shared captures in \(CaptureIngestTests.captures)")
        var records = 0, results = 0
        for file in files {
            var payloads: [[UInt8]] = []
            _ = try FastPathTests.messages(of: file, payloads: &payloads)
            let f = Self.folds(payloads)
            #expect(f.wire == f.values, "\(file)")
            records += f.records
            results += f.results
        }
        // The captures hold answers: the comparison is not of empty batches.
        #expect(results > 400 && records > 5000, "\(results) responses, \(records) records")
    }

    /// Damaged copies (case flipped, octets overwritten, compression pointers planted) that
    /// the parser still accepts: odd shapes the wire fold must fold as the values do.
    @Test func wireAndValueFoldsAgreeOnDamagedResponses() throws {
        var results = 0
        for file in CaptureIngestTests.captureFiles() {
            var payloads: [[UInt8]] = []
            _ = try FastPathTests.messages(of: file, payloads: &payloads)
            let damaged = FastPathTests.damagedCopies(of: payloads, from: 12, cut: false).map(\.copy)
            let f = Self.folds(damaged)
            #expect(f.wire == f.values, "\(file)")
            results += f.results
        }
        #expect(results > 1000)
    }
}
