import NIOCore
import NIOPosix

/// The pool of UDP sockets: each has its own random ephemeral source port and its own table
/// of outstanding ids, and questions rotate over the sockets of their address family.
final class UDPPool {
    private(set) var channels: [(any Channel)?] = []
    private var v4: [Int] = []
    private var v6: [Int] = []
    private var next4 = 0
    private var next6 = 0
    /// Per socket: id -> slot index, or -1 when the id is free.
    var ids: [[Int32]] = []
    private var dirty: [Bool] = []
    private var dirtyList: [Int] = []

    /// Datagrams read per socket and read call (`recvmmsg`), and the room for each.
    static let vectorCount = 32
    static let messageRoom = 4096

    /// Binds `count` sockets per family needed.
    func open(engine: Engine, v4 wantV4: Bool, v6 wantV6: Bool) -> EventLoopFuture<Void> {
        let loop = engine.loop
        let count = max(1, engine.config.udpSockets)
        var futures: [EventLoopFuture<Void>] = []
        let bound = NIOLoopBound(engine, eventLoop: loop)
        for (want, host) in [(wantV4, "0.0.0.0"), (wantV6, "::")] where want {
            for _ in 0..<count {
                let index = ids.count
                ids.append(Array(repeating: -1, count: 65536))
                dirty.append(false)
                channels.append(nil)
                if host == "::" { v6.append(index) } else { v4.append(index) }
                let room = max(UDPPool.messageRoom, Int(engine.config.ednsSize) + 512)
                let future = DatagramBootstrap(group: loop)
                    .channelOption(.socketOption(.so_rcvbuf), value: 4 << 20)
                    .channelOption(.socketOption(.so_sndbuf), value: 4 << 20)
                    .channelOption(.maxMessagesPerRead, value: 8)
                    .channelOption(.datagramVectorReadMessageCount, value: UDPPool.vectorCount)
                    .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: UDPPool.vectorCount * room))
                    .channelInitializer { channel in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.addHandler(UDPHandler(engine: bound.value, socket: index))
                        }
                    }
                    .bind(host: host, port: 0)
                    .assumeIsolated()
                    .map { channel in self.channels[index] = channel }
                    .nonisolated()
                futures.append(future)
            }
        }
        return EventLoopFuture.andAllSucceed(futures, on: loop)
    }

    /// The next socket for a server of the given family, in rotation.
    func nextSocket(v4 isV4: Bool) -> Int? {
        if isV4 {
            guard !v4.isEmpty else { return nil }
            next4 = next4 + 1 == v4.count ? 0 : next4 + 1
            return v4[next4]
        }
        guard !v6.isEmpty else { return nil }
        next6 = next6 + 1 == v6.count ? 0 : next6 + 1
        return v6[next6]
    }

    /// True when a socket of that family exists.
    func has(v4 isV4: Bool) -> Bool { isV4 ? !v4.isEmpty : !v6.isEmpty }

    /// Writes a datagram without flushing.
    func write(_ buffer: ByteBuffer, to address: SocketAddress, socket: Int) {
        channels[socket]?.write(AddressedEnvelope(remoteAddress: address, data: buffer), promise: nil)
        if !dirty[socket] {
            dirty[socket] = true
            dirtyList.append(socket)
        }
    }

    /// Flushes every socket written to since the last flush (one `sendmmsg` batch each).
    func flush() {
        for s in dirtyList {
            dirty[s] = false
            channels[s]?.flush()
        }
        dirtyList.removeAll(keepingCapacity: true)
    }

    func close() {
        for case let c? in channels { c.close(promise: nil) }
    }
}
