import NIOCore
import NIOPosix

/// One persistent TCP connection to a server: questions are pipelined over it (RFC 7766
/// section 6.2.1.1) and answers matched by id, in any order. Queries written before the
/// connection is up wait in a queue. Not `Sendable`: it lives on the engine's loop.
final class TCPConnection {
    enum State { case connecting, ready, closed }

    let server: Int
    private(set) var state = State.connecting
    private var channel: (any Channel)?
    private var queued: [ByteBuffer] = []
    private var dirty = false
    /// id -> slot index of the questions outstanding on this connection.
    var ids: [UInt16: Int] = [:]

    init(server: Int) { self.server = server }

    /// Connects; reads go to the engine.
    func connect(engine: Engine, to address: SocketAddress) {
        let bound = NIOLoopBound(engine, eventLoop: engine.loop)
        let me = NIOLoopBound(self, eventLoop: engine.loop)
        ClientBootstrap(group: engine.loop)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connectTimeout(.nanoseconds(Int64(engine.config.timeout * 1e9)))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(TCPFrameDecoder()))
                    try channel.pipeline.syncOperations.addHandler(TCPHandler(engine: bound.value, connection: me.value))
                }
            }
            .connect(to: address)
            .assumeIsolated()
            .whenComplete { result in
                let conn = self
                switch result {
                case .success(let channel):
                    guard conn.state == .connecting else { channel.close(promise: nil); return }
                    conn.channel = channel
                    conn.state = .ready
                    for b in conn.queued { channel.write(b, promise: nil) }
                    conn.queued = []
                    channel.flush()
                case .failure:
                    engine.connectionLost(conn)
                }
            }
    }

    /// Writes a framed query; returns true when a flush is needed.
    func write(_ buffer: ByteBuffer) -> Bool {
        switch state {
        case .connecting:
            queued.append(buffer)
            return false
        case .ready:
            channel?.write(buffer, promise: nil)
            if dirty { return false }
            dirty = true
            return true
        case .closed:
            return false
        }
    }

    func flush() {
        dirty = false
        channel?.flush()
    }

    /// Marks the connection closed and closes its channel.
    func close() {
        state = .closed
        queued = []
        channel?.close(promise: nil)
        channel = nil
    }
}

/// Hands the frames of one TCP connection to the engine.
final class TCPHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let engine: Engine
    private let connection: TCPConnection

    init(engine: Engine, connection: TCPConnection) {
        self.engine = engine
        self.connection = connection
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        engine.receiveTCP(unwrapInboundIn(data), connection: connection)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        engine.pump()
    }

    func channelInactive(context: ChannelHandlerContext) {
        engine.connectionLost(connection)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        engine.counters.transportErrors += 1
        context.close(promise: nil)
    }
}
