import DNSWire
import NIOCore

extension Engine {
    /// Does all that can be done now: expire timeouts, start lookups, send what the limits
    /// allow, flush sockets and the sink, and arm the timer for the next thing to do.
    func pump() {
        guard !finished else { return }
        let now = NIODeadline.now()
        expireTimeouts(now)
        startJobs(now)
        sendReady(now)
        udp.flush()
        for c in dirtyTCP { c.flush() }
        dirtyTCP.removeAll(keepingCapacity: true)
        flushSink()
        if isDone {
            finish()
            return
        }
        armWake(now)
    }

    /// Sends queued questions while a slot is free and the token buckets allow.
    func sendReady(_ now: NIODeadline) {
        while !ready.isEmpty && !freeSlots.isEmpty {
            if globalBucket != nil, !globalBucket!.available(now: now) { return }
            guard let server = chooseServer(for: ready.first!, now) else { return }
            let request = ready.removeFirst()
            _ = globalBucket?.take(now: now)
            if !serverBuckets.isEmpty { _ = serverBuckets[server].take(now: now) }
            send(request, to: server, now)
        }
    }

    /// The server to ask: one of the request's candidates (rotating by attempt) or the next
    /// resolver in turn; `nil` when the per-server limit leaves none to ask now.
    private func chooseServer(for request: Request, _ now: NIODeadline) -> Int? {
        if request.candidates.isEmpty {
            for _ in 0..<resolvers.count {
                let s = resolvers[nextResolver]
                nextResolver = nextResolver + 1 == resolvers.count ? 0 : nextResolver + 1
                if serverBuckets.isEmpty || serverBuckets[s].available(now: now) { return s }
            }
            return nil
        }
        let s = request.candidates[request.attempt % request.candidates.count]
        if serverBuckets.isEmpty || serverBuckets[s].available(now: now) { return s }
        return nil
    }

    /// Puts a question on the wire and arms its timeout (doubling with each attempt).
    private func send(_ request: Request, to server: Int, _ now: NIODeadline) {
        let slot = freeSlots.removeLast()
        counters.peakInFlight = max(counters.peakInFlight, slots.count - freeSlots.count)
        generation &+= 1
        var entry = Slot(request: request, server: server, socket: -1, connection: nil, id: 0, sentAt: now, generation: generation)
        entry.request.attempt += 1
        let recursion = config.modeIsResolver
        let question = request.question
        let size = QueryWire.size(name: question.name, edns: config.ednsSize > 0)
        if request.tcp || config.forceTCP {
            entry.request.tcp = true
            let conn = tcpConnection(to: server)
            var id = random.u16()
            while conn.ids[id] != nil { id = random.u16() }
            conn.ids[id] = slot
            entry.id = id
            entry.connection = conn
            var buffer = ByteBufferAllocator().buffer(capacity: size + 2)
            buffer.writeInteger(UInt16(size))
            QueryWire.write(id: id, question: question, recursion: recursion, ednsSize: config.ednsSize, to: &buffer)
            if conn.write(buffer) { dirtyTCP.append(conn) }
            counters.tcpSent += 1
        } else {
            guard let socket = udp.nextSocket(v4: servers[server].address.isV4) else {
                freeSlots.append(slot)
                finishQuestion(entry.request, status: .failed("no socket for the address family of \(servers[server])"),
                               server: server, rtt: nil, digest: nil, authoritative: false)
                return
            }
            var id = random.u16()
            while udp.ids[socket][Int(id)] >= 0 { id = random.u16() }
            udp.ids[socket][Int(id)] = Int32(slot)
            entry.id = id
            entry.socket = socket
            var buffer = ByteBufferAllocator().buffer(capacity: size)
            QueryWire.write(id: id, question: question, recursion: recursion, ednsSize: config.ednsSize, to: &buffer)
            udp.write(buffer, to: serverAddresses[server], socket: socket)
        }
        slots[slot] = entry
        counters.sent += 1
        let wait = config.timeout * Double(1 << min(entry.request.attempt - 1, 10))
        timeouts.push(now + .nanoseconds(Int64(wait * 1e9)), UInt64(entry.generation) << 32 | UInt64(slot))
    }

    /// A connection to `server` in rotation, opening a new one while fewer than the limit.
    private func tcpConnection(to server: Int) -> TCPConnection {
        tcp[server].removeAll { $0.state == .closed }
        if tcp[server].count < max(1, config.tcpConnectionsPerServer) {
            let conn = TCPConnection(server: server)
            tcp[server].append(conn)
            conn.connect(engine: self, to: serverAddresses[server])
            return conn
        }
        let conn = tcp[server].removeFirst()
        tcp[server].append(conn)
        return conn
    }
}
