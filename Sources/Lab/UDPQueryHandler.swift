import DNSWire
import NIOCore

/// Answers each DNS query datagram with one response datagram to its sender.
final class UDPQueryHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    private let responder: LabResponder

    init(responder: LabResponder) { self.responder = responder }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        let client = LabClient(envelope.remoteAddress)
        guard let reply = responder.respond(to: Array(buffer: envelope.data), client: client, udp: true) else { return }
        let buffer = context.channel.allocator.buffer(bytes: reply)
        context.writeAndFlush(wrapOutboundOut(AddressedEnvelope(remoteAddress: envelope.remoteAddress, data: buffer)),
                              promise: nil)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A datagram socket error (e.g. ICMP port unreachable for an earlier reply) must not
        // stop the server; the next datagram is served as usual.
    }
}

@available(*, unavailable)
extension UDPQueryHandler: Sendable {}

extension LabClient {
    /// The client at a NIO socket address.
    init(_ address: SocketAddress) {
        self.init(address: address.ipAddress.flatMap { IPAddress($0) },
                  port: address.port.flatMap { UInt16(exactly: $0) })
    }
}
