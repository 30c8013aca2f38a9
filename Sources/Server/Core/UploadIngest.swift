import DNSWire
import FluxModel
import Foundation
import Ingest
import PacketCapture
import Store

/// The formats an upload may be in (told by `?format=`, or by the file's first octets).
public enum UploadFormat: String, Sendable, CaseIterable {
    case pcap, pcapng, dnstap

    /// The format the first octets show, or `nil`.
    public static func sniff(_ bytes: [UInt8]) -> UploadFormat? {
        guard bytes.count >= 4 else { return nil }
        let magic = bytes.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        switch magic {
        case 0xA1B2_C3D4, 0xD4C3_B2A1, 0xA1B2_3C4D, 0x4D3C_B2A1: return .pcap
        case 0x0A0D_0D0A: return .pcapng
        default: return DnstapFileReader.sniff(bytes.prefix(64)) ? .dnstap : nil
        }
    }
}

/// What an upload added.
public struct UploadReport: Sendable, Hashable {
    /// DNS messages read.
    public var messages: Int
    /// Observations produced.
    public var observations: Int
    /// Distinct records written (sightings inserted or updated).
    public var sightings: Int
    /// Malformed messages or records (counted and skipped).
    public var malformed: Int
    /// The first problems, for the person who uploaded.
    public var problems: [String]
}

/// Reads an uploaded file into the store: the whole upload is parsed in memory (its size is
/// capped by the server), then written as one batch.
///
/// A stop-gap until `fluxscope ingest` (another branch) lands: it reads pcap, pcapng and
/// dnstap; text log formats come with that branch.
struct UploadIngest {
    let store: any ObservationStore

    func ingest(_ bytes: [UInt8], format: UploadFormat, name: String) async throws -> UploadReport {
        var sink = Ingest.CollectingSink()
        var sources: [Source] = []
        let resolve: SourceResolver = { source in
            if let i = sources.firstIndex(of: source) { return SourceID(i + 1) }
            sources.append(source)
            return SourceID(sources.count)
        }
        switch format {
        case .pcap, .pcapng:
            let sensor = try resolve(Source(kind: .pcap, name: "upload:\(name)"))
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("fluxscope-upload-\(UUID().uuidString)")
            try Data(bytes).write(to: url)
            defer { try? FileManager.default.removeItem(at: url) }
            let reader: CaptureFileReader
            do { reader = try CaptureFileReader(path: url.path) } catch {
                throw APIError.badRequest("the upload is not a readable \(format.rawValue) file: \(error)", code: "bad_upload")
            }
            var messages = 0
            try reader.forEachMessage { m in
                messages += 1
                _ = MessageObservations.emit(wire: m.payload, time: m.seconds, source: sensor, file: name, offset: m.frameIndex, into: &sink)
            }
            sink.count(.messages, messages)
        case .dnstap:
            do {
                try DnstapFileReader().read(bytes: bytes, name: name, resolver: resolve, into: &sink)
            } catch let problem as IngestProblem {
                throw APIError.badRequest("the upload is not readable dnstap: \(problem)", code: "bad_upload")
            }
        }
        let messages = sink.counters[.messages] ?? 0
        let malformed = sink.counters[.malformed] ?? 0
        let table = Dictionary(uniqueKeysWithValues: sources.enumerated().map { (SourceID($0.offset + 1), $0.element) })
        let distinct = try await BatchWriter(store: store).write(
            observations: sink.observations, outcomes: sink.outcomes, sources: table,
            counters: IngestCounters(messages: Int64(messages), malformed: Int64(malformed)))
        return UploadReport(messages: messages, observations: sink.observations.count, sightings: distinct,
                            malformed: malformed, problems: sink.problems.prefix(10).map(\.description))
    }
}
