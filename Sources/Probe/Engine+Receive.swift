import DNSWire
import FluxModel
import NIOCore

extension Engine {
    /// A datagram on pool socket `socket`: matched to its question by id, server address
    /// and port, and question (RFC 5452 section 9.1); anything else is counted and dropped.
    func receiveUDP(_ buffer: ByteBuffer, from address: SocketAddress, socket: Int) {
        buffer.withUnsafeReadableBytes { bytes in
            guard let id = QueryWire.id(of: bytes) else { counters.mismatches += 1; return }
            let slotIndex = Int(udp.ids[socket][Int(id)])
            guard slotIndex >= 0, let slot = slots[slotIndex], serverAddresses[slot.server] == address,
                  QueryWire.matches(bytes, slot.request.question) else {
                counters.mismatches += 1
                return
            }
            udp.ids[socket][Int(id)] = -1
            if QueryWire.truncated(bytes) {
                // RFC 7766 section 5: a truncated answer is asked again over TCP.
                counters.truncated += 1
                release(slotIndex)
                var request = slot.request
                request.tcp = true
                request.attempt -= 1
                ready.prepend(request)
                return
            }
            answer(slotIndex, slot, bytes, transport: .udp)
        }
    }

    /// A message on a TCP connection, matched by id and question.
    func receiveTCP(_ buffer: ByteBuffer, connection: TCPConnection) {
        buffer.withUnsafeReadableBytes { bytes in
            guard let id = QueryWire.id(of: bytes), let slotIndex = connection.ids[id], let slot = slots[slotIndex],
                  QueryWire.matches(bytes, slot.request.question) else {
                counters.mismatches += 1
                return
            }
            connection.ids[id] = nil
            answer(slotIndex, slot, bytes, transport: .tcp)
        }
    }

    /// A TCP connection closed or failed: its outstanding questions are tried again (or
    /// given up) at once rather than left to time out.
    func connectionLost(_ connection: TCPConnection) {
        let outstanding = connection.ids
        connection.ids = [:]
        connection.close()
        for (_, slotIndex) in outstanding {
            guard let slot = slots[slotIndex] else { continue }
            counters.transportErrors += 1
            release(slotIndex)
            retryOrGiveUp(slot, status: .failed("TCP connection to \(servers[slot.server]) lost"))
        }
        pump()
    }

    /// Frees a slot (its timeout entry goes stale and is skipped).
    func release(_ slotIndex: Int) {
        slots[slotIndex] = nil
        freeSlots.append(slotIndex)
    }

    /// A matched response: parsed, turned into a result, and followed up.
    private func answer(_ slotIndex: Int, _ slot: Slot, _ bytes: UnsafeRawBufferPointer, transport: ProbeTransport) {
        release(slotIndex)
        let now = NIODeadline.now()
        let rtt = Double((now - slot.sentAt).nanoseconds) / 1e9
        counters.answered += 1
        let time = clock.time(at: now)
        // A well-formed response is read from its bytes (no `Message`) and travels as its
        // bytes; a malformed one, or one that may be a referral, is parsed.
        layout.scan(bytes)
        if layout.error == nil,
           var digest = ResponseDigest(question: slot.request.question, layout: layout, wire: bytes, time: time,
                                       source: SourceID(slot.server), maxLinks: config.maxCNAMELinks, keys: &nameKeys) {
            counters.byRCode[layout.rcode, default: 0] += 1
            digest.response = Array(bytes)
            finishQuestion(slot.request, status: .answered(layout.rcode), server: slot.server, rtt: rtt,
                           digest: digest, authoritative: layout.flags.aa, transport: transport)
            return
        }
        let (message, error) = Message.parsePartial(bytes)
        counters.byRCode[message.rcode, default: 0] += 1
        // Its records as values only for a malformed response (those before the error).
        var digest = ResponseDigest(question: slot.request.question, message: message, time: time,
                                    source: SourceID(slot.server), maxLinks: config.maxCNAMELinks,
                                    keepObservations: error != nil)
        if error == nil { digest.response = Array(bytes) }
        if let error {
            counters.malformed += 1
            finishQuestion(slot.request, status: .failed("malformed response: \(error)"), server: slot.server,
                           rtt: rtt, digest: digest, authoritative: message.flags.aa, transport: transport)
            return
        }
        if let referral = digest.referral {
            if config.modeIsResolver {
                digest.referral = nil
                digest.outcome = Outcome(name: digest.chainEnd, type: slot.request.question.type, rcode: message.rcode,
                                         time: time, source: SourceID(slot.server))
            } else {
                follow(referral, for: slot, digest: digest, rtt: rtt, transport: transport)
                return
            }
        }
        finishQuestion(slot.request, status: .answered(message.rcode), server: slot.server, rtt: rtt,
                       digest: digest, authoritative: message.flags.aa, transport: transport)
    }
}
