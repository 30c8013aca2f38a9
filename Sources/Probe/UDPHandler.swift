import NIOCore

/// Hands the datagrams of one pool socket to the engine, and lets it send more once a
/// burst of reads is done. Not `Sendable`: it lives on the engine's loop.
final class UDPHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    private let engine: Engine
    private let socket: Int

    init(engine: Engine, socket: Int) {
        self.engine = engine
        self.socket = socket
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        engine.receiveUDP(envelope.data, from: envelope.remoteAddress, socket: socket)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        engine.pump()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // ICMP errors and failed sends on an unconnected socket do not end the socket; the
        // question they belonged to times out and is retried.
        engine.counters.transportErrors += 1
    }
}
