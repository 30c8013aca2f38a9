import NIOCore

/// Answers each framed DNS query on a TCP connection with a framed response; several
/// queries may share a connection (RFC 7766 section 6.2.1), answered in order.
final class TCPQueryHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let responder: LabResponder

    init(responder: LabResponder) { self.responder = responder }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        let client = context.remoteAddress.map(LabClient.init) ?? LabClient()
        guard let reply = responder.respond(to: Array(buffer: frame), client: client, udp: false),
              reply.count <= Int(UInt16.max) else { return }
        var buffer = context.channel.allocator.buffer(capacity: reply.count + 2)
        buffer.writeInteger(UInt16(reply.count))
        buffer.writeBytes(reply)
        context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)  // a broken connection or stream; other clients go on
    }
}

@available(*, unavailable)
extension TCPQueryHandler: Sendable {}
