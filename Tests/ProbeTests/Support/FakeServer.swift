import DNSWire
import NIOCore
import NIOPosix
import Synchronization

/// A tiny UDP DNS server on 127.0.0.1 for misbehaviour the real servers do not show:
/// silence, wrong ids. It records when each query arrived.
final class FakeServer: Sendable {
    /// What to send back for a query: zero or more datagrams.
    typealias Responder = @Sendable (Message) -> [[UInt8]]

    let channel: any Channel
    let port: Int
    private let box: LogBox

    private init(channel: any Channel, box: LogBox) {
        self.channel = channel
        self.port = channel.localAddress!.port!
        self.box = box
    }

    /// Starts a server; `respond` is called for each query.
    static func start(_ respond: @escaping Responder) async throws -> FakeServer {
        let box = LogBox()
        let channel = try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { ch in
                ch.eventLoop.makeCompletedFuture {
                    try ch.pipeline.syncOperations.addHandler(Handler(respond: respond, box: box))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return FakeServer(channel: channel, box: box)
    }

    /// When each query arrived (real time) and what it asked.
    var queries: [(time: NIODeadline, message: Message)] { box.log.withLock { $0 } }

    func stop() async { try? await channel.close() }

    /// An answer to `query` with `id` and the given answer records.
    static func answer(_ query: Message, id: UInt16? = nil, records: [ResourceRecord] = []) -> [UInt8] {
        var m = Message(id: id ?? query.id, questions: query.questions, answers: records)
        m.flags.qr = true
        m.flags.aa = true
        return (try? m.serialize()) ?? []
    }

    private final class LogBox: Sendable {
        let log = Mutex<[(time: NIODeadline, message: Message)]>([])
    }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = AddressedEnvelope<ByteBuffer>
        typealias OutboundOut = AddressedEnvelope<ByteBuffer>
        let respond: Responder
        let box: LogBox

        init(respond: @escaping Responder, box: LogBox) {
            self.respond = respond
            self.box = box
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let envelope = unwrapInboundIn(data)
            guard let query = try? Message(wire: Array(envelope.data.readableBytesView)) else { return }
            box.log.withLock { $0.append((.now(), query)) }
            for reply in respond(query) {
                let out = AddressedEnvelope(remoteAddress: envelope.remoteAddress, data: context.channel.allocator.buffer(bytes: reply))
                context.write(wrapOutboundOut(out), promise: nil)
            }
            context.flush()
        }
    }
}
