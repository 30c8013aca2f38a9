import DNSWire
import FluxModel
import Foundation
import Ingest
import Pipeline
import Store
import TestSupport

/// Writes classic pcap files of raw IPv4 (LINKTYPE_IPV4, 228) UDP datagrams: built from the
/// pcap and IPv4/UDP formats by hand, independently of the reader under test.
struct PcapWriter {
    private(set) var bytes: [UInt8] = []

    init() {
        // Magic, version 2.4, zone 0, sigfigs 0, snaplen 65535, link type 228; little-endian.
        bytes += le32(0xA1B2_C3D4) + le16(2) + le16(4) + le32(0) + le32(0) + le32(65535) + le32(228)
    }

    /// Appends one datagram from `src:sport` to `dst:dport` carrying `payload`, at `time` seconds.
    mutating func udp(_ payload: [UInt8], src: [UInt8], sport: UInt16, dst: [UInt8], dport: UInt16, time: Double) {
        let total = 20 + 8 + payload.count
        var ip: [UInt8] = [0x45, 0, UInt8(total >> 8), UInt8(total & 0xFF), 0, 0, 0, 0, 64, 17, 0, 0] + src + dst
        var sum: UInt32 = 0
        for i in stride(from: 0, to: 20, by: 2) { sum += UInt32(ip[i]) << 8 | UInt32(ip[i + 1]) }
        while sum > 0xFFFF { sum = (sum & 0xFFFF) + (sum >> 16) }
        ip[10] = UInt8((~sum >> 8) & 0xFF)
        ip[11] = UInt8(~sum & 0xFF)
        let udpLength = 8 + payload.count
        let udp: [UInt8] = [UInt8(sport >> 8), UInt8(sport & 0xFF), UInt8(dport >> 8), UInt8(dport & 0xFF),
                            UInt8(udpLength >> 8), UInt8(udpLength & 0xFF), 0, 0]
        let packet = ip + udp + payload
        let seconds = UInt32(time)
        let micros = UInt32(((time - Double(seconds)) * 1_000_000).rounded())
        bytes += le32(seconds) + le32(micros) + le32(UInt32(packet.count)) + le32(UInt32(packet.count)) + packet
    }

    func write(to path: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    private func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
    private func le32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8((v >> (8 * $0)) & 0xFF) } }
}

/// DNS messages for synthetic captures.
enum Wire {
    static func query(_ name: String, _ type: RecordType = .a, id: UInt16) throws -> [UInt8] {
        var m = Message(id: id, questions: [Question(name: try DNSName(name), type: type)])
        m.flags.rd = true
        return try m.serialize()
    }

    static func response(_ name: String, id: UInt16, addresses: [String], ttl: UInt32 = 60, rcode: RCode = .noError) throws -> [UInt8] {
        let owner = try DNSName(name)
        var m = Message(id: id, questions: [Question(name: owner, type: .a)])
        m.flags.qr = true
        m.rcode = rcode
        m.answers = addresses.map { ResourceRecord(name: owner, type: .a, ttl: ttl, data: .a(IPv4Address($0)!)) }
        return try m.serialize()
    }
}

/// A temporary directory with a store in it.
struct Scratch {
    let dir: URL
    var db: String { dir.appendingPathComponent("t.sqlite").path }
    var url: String { "sqlite:" + db }

    init() throws { dir = try TestEnvironment.temporaryDirectory() }

    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

    func store() async throws -> SQLiteStore {
        let s = try SQLiteStore(path: db)
        try await s.migrate()
        return s
    }

    func remove() { try? FileManager.default.removeItem(at: dir) }
}

enum Tool {
    /// The `fluxscope` executable built beside the tests.
    static var fluxscope: String {
        TestEnvironment.packageRoot.appendingPathComponent(".build/debug/fluxscope").path
    }

    /// Ingests `files` through the library pipeline.
    static func ingest(_ files: [String], into store: any ObservationStore, force: Bool = false,
                       clients: ClientPrivacy = .off, batchSize: Int = 100_000) async throws -> IngestSummary {
        var config = IngestConfiguration()
        config.force = force
        config.options.clients = clients
        config.policy.maxDistinct = batchSize
        return try await IngestPipeline(store: store, configuration: config).run(files: files)
    }
}
