import DNSWire

/// Turns query bytes into response bytes for the server: parses, asks the world at the
/// clock's simulated time, serializes, and truncates UDP responses that do not fit.
struct LabResponder: Sendable {
    let world: LabWorld
    let clock: SimulatedClock
    let view: LabView

    /// The largest UDP response without EDNS (RFC 1035 section 4.2.1).
    static let classicUDPLimit = 512

    /// The response to `bytes`, or `nil` when no response should be sent (fewer than 12
    /// octets, or a response rather than a query). `udp` applies the size limit.
    func respond(to bytes: [UInt8], client: LabClient, udp: Bool) -> [UInt8]? {
        guard bytes.count >= 12, bytes[2] & 0x80 == 0 else { return nil }
        let query: Message
        do {
            query = try Message(wire: bytes)
        } catch {
            return formatError(bytes)
        }
        let response = world.answer(query, at: clock.now(), client: client, view: view)
        guard var wire = try? response.serialize() else { return serverFailure(query) }
        if udp {
            let limit = query.edns.map { max(LabResponder.classicUDPLimit, Int($0.udpPayloadSize)) }
                ?? LabResponder.classicUDPLimit
            if wire.count > limit { wire = truncated(response, limit: limit) }
        }
        return wire
    }

    /// The response with every record section emptied and TC set (RFC 1035 section
    /// 4.1.1, RFC 2181 section 9): the client retries over TCP. The OPT record stays.
    func truncated(_ response: Message, limit: Int) -> [UInt8] {
        var short = response
        short.answers = []
        short.authority = []
        short.additional = []
        short.flags.tc = true
        return (try? short.serialize()) ?? []
    }

    /// FORMERR echoing the id and opcode of a message that did not parse (RFC 1035 4.1.1).
    private func formatError(_ bytes: [UInt8]) -> [UInt8]? {
        var header = HeaderFlags(rawValue: UInt16(bytes[2]) << 8 | UInt16(bytes[3]))
        var response = Message(id: UInt16(bytes[0]) << 8 | UInt16(bytes[1]))
        let opcode = header.opcode
        header = HeaderFlags(rawValue: 0)
        header.qr = true
        header.opcode = opcode
        response.flags = header
        response.rcode = .formErr
        return try? response.serialize()
    }

    private func serverFailure(_ query: Message) -> [UInt8]? {
        var response = Message(id: query.id, questions: query.questions)
        response.flags.qr = true
        response.rcode = .servFail
        return try? response.serialize()
    }
}
