import DNSWire
import FluxModel
import Foundation
import SwiftProtobuf

extension DnstapEvent {
    /// Decodes one Frame Streams data frame holding a `dnstap.Dnstap` protobuf, and the DNS
    /// message inside it.
    ///
    /// - Throws: `badProtobuf` when the frame is not a well-formed protobuf of that schema,
    ///   `missingMessage`, `unknownMessageType` or `missingTime` when it lacks what an event
    ///   needs. A malformed DNS message is not thrown: it is kept in `wireError`.
    public static func decode(frame: UnsafeRawBufferPointer) throws(DnstapError) -> DnstapEvent {
        let tap: Dnstap_Dnstap
        do {
            var options = BinaryDecodingOptions()
            options.messageDepthLimit = 8  // The schema nests three deep; no frame needs more.
            options.discardUnknownFields = true
            tap = try Dnstap_Dnstap(serializedBytes: frame.bytes, partial: true, options: options)
        } catch {
            throw DnstapError(.badProtobuf, "not a dnstap.Dnstap protobuf: \(error)")
        }
        guard tap.hasMessage else {
            throw DnstapError(.missingMessage, "dnstap payload has no message (type \(tap.hasType ? "\(tap.type.rawValue)" : "unset"))")
        }
        let m = tap.message
        guard m.hasType else {
            throw DnstapError(.unknownMessageType, "message type missing or not in the dnstap schema")
        }
        let type = DnstapMessageType(rawValue: m.type.rawValue)
        let wire = type.isResponse ? (m.hasResponseMessage ? m.responseMessage : nil)
                                   : (m.hasQueryMessage ? m.queryMessage : nil)
        guard let wire else {
            throw DnstapError(.missingMessage, "\(type) without its \(type.isResponse ? "response" : "query")_message")
        }
        let queryTime = m.hasQueryTimeSec ? time(m.queryTimeSec, m.queryTimeNsec) : nil
        let responseTime = m.hasResponseTimeSec ? time(m.responseTimeSec, m.responseTimeNsec) : nil
        guard queryTime != nil || responseTime != nil else {
            throw DnstapError(.missingTime, "\(type) with neither query_time nor response_time")
        }
        var anomalies: [DnstapError] = []
        let (message, wireError) = wire.withUnsafeBytes { Message.parsePartial($0) }
        return DnstapEvent(
            identity: text(tap.identity), version: text(tap.version), type: type,
            transport: m.hasSocketProtocol ? transportName(m.socketProtocol) : nil,
            queryAddress: m.hasQueryAddress ? address(m.queryAddress, "query_address", &anomalies) : nil,
            responseAddress: m.hasResponseAddress ? address(m.responseAddress, "response_address", &anomalies) : nil,
            queryPort: m.hasQueryPort ? UInt16(exactly: m.queryPort) : nil,
            responsePort: m.hasResponsePort ? UInt16(exactly: m.responsePort) : nil,
            queryTime: queryTime, responseTime: responseTime,
            message: message, wireError: wireError, anomalies: anomalies)
    }

    private static func time(_ sec: UInt64, _ nsec: UInt32) -> Timestamp {
        Double(sec) + Double(nsec) / 1e9
    }

    /// Identity and version as text; bytes that are not UTF-8 become U+FFFD.
    private static func text(_ data: Data) -> String {
        String(decoding: data.prefix(256), as: UTF8.self)
    }

    private static func address(_ data: Data, _ field: String, _ anomalies: inout [DnstapError]) -> IPAddress? {
        switch data.count {
        case 4:
            let b = Array(data)
            return .v4(IPv4Address(b[0], b[1], b[2], b[3]))
        case 16:
            return IPv6Address(bytes: data).map { .v6($0) }
        default:
            anomalies.append(DnstapError(.badAddress, "\(field) of \(data.count) octets (needs 4 or 16); left out"))
            return nil
        }
    }

    private static func transportName(_ p: Dnstap_SocketProtocol) -> String {
        switch p {
        case .udp: return "udp"
        case .tcp: return "tcp"
        case .dot: return "dot"
        case .doh: return "doh"
        case .dnscryptUdp: return "dnscrypt-udp"
        case .dnscryptTcp: return "dnscrypt-tcp"
        case .doq: return "doq"
        }
    }
}
