import NIOCore

/// What a dnstap connection's pipeline yields: decoded events, and problems.
public enum DnstapFrameOutput: Sendable {
    /// One decoded dnstap message.
    case event(DnstapEvent)
    /// A frame or protocol problem on the connection.
    case problem(DnstapError)
}

/// Decodes data frames into `DnstapEvent`s on the connection's event loop, so the ingesting
/// task receives parsed, `Sendable` values. A frame that does not decode becomes a problem;
/// the connection goes on.
final class DnstapFrameHandler: ChannelInboundHandler {
    typealias InboundIn = FrameStreamOutput
    typealias InboundOut = DnstapFrameOutput

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .data(let frame):
            let out: DnstapFrameOutput
            do {
                out = .event(try frame.withUnsafeReadableBytes { bytes throws(DnstapError) in
                    try DnstapEvent.decode(frame: bytes)
                })
            } catch {
                out = .problem(error)
            }
            context.fireChannelRead(wrapInboundOut(out))
        case .problem(let problem):
            context.fireChannelRead(wrapInboundOut(.problem(problem)))
        }
    }
}
