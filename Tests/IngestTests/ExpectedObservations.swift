import DNSWire
import FluxModel
import Ingest
import PacketCapture

/// The observations a capture should yield, counted from the parsed messages by the rules
/// docs/ingest.md states, without going through `MessageObservations` or the store:
/// responses (QR=1) with opcode QUERY; every class-IN answer record except OPT, RRSIG, SIG,
/// TSIG and TKEY; class-IN NS records of the authority section; class-IN A and AAAA records
/// of the additional section.
enum ExpectedObservations {
    struct Counts: Equatable { var messages = 0, observations = 0 }

    static func count(capture path: String) throws -> Counts {
        var counts = Counts()
        let reader = try CaptureFileReader(path: path)
        try reader.forEachMessage { m in
            let (message, _) = Message.parsePartial(m.payload)
            if m.payload.count >= 12 { counts.messages += 1 }
            guard m.payload.count >= 12 else { return }
            counts.observations += observations(in: message)
        }
        return counts
    }

    static func observations(in m: Message) -> Int {
        guard m.flags.qr, m.flags.opcode == .query else { return 0 }
        let skipped: Set<UInt16> = [41, 46, 24, 250, 249]  // OPT, RRSIG, SIG, TSIG, TKEY
        var n = m.answers.filter { $0.recordClass == .in && !skipped.contains($0.type.rawValue) }.count
        n += m.authority.filter { $0.recordClass == .in && $0.type.rawValue == 2 }.count
        n += m.additional.filter { $0.recordClass == .in && ($0.type.rawValue == 1 || $0.type.rawValue == 28) }.count
        return n
    }
}
