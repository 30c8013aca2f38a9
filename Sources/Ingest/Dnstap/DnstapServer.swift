#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore
import NIOPosix

/// What the server hands its consumer, from all connections interleaved.
public enum DnstapInput: Sendable {
    /// A sender connected (`peer` names it: an address, or `unix` for a Unix socket).
    case connected(peer: String)
    /// One decoded dnstap message from `peer`.
    case event(DnstapEvent, peer: String)
    /// A frame or protocol problem on `peer`'s connection.
    case problem(DnstapError, peer: String)
    /// A sender's connection ended.
    case disconnected(peer: String)
}

/// A Frame Streams server for dnstap senders (Unbound, Knot, BIND, PowerDNS, dnsdist...):
/// listens on a Unix socket or TCP, speaks the bidirectional handshake on each connection
/// (`FrameStreamReceiver`), decodes frames on the event loops (`DnstapFrameHandler`), and
/// hands the results to one consumer with back pressure: a slow consumer slows reading, and
/// the senders' own queues absorb or drop, as they are designed to.
public struct DnstapServer: Sendable {
    /// Where it listens, as given.
    public let endpoint: DnstapEndpoint
    /// The port actually bound, for TCP (useful when port 0 was asked for).
    public let port: Int?
    private let channel: NIOAsyncChannel<NIOAsyncChannel<DnstapFrameOutput, Never>, Never>

    private init(endpoint: DnstapEndpoint, channel: NIOAsyncChannel<NIOAsyncChannel<DnstapFrameOutput, Never>, Never>) {
        self.endpoint = endpoint
        self.channel = channel
        self.port = channel.channel.localAddress?.port
    }

    /// Binds the listening socket (replacing a stale Unix socket file).
    public static func bind(_ endpoint: DnstapEndpoint, maxFrameLength: Int = FrameStreamParser.defaultMaxFrameLength,
                            group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async throws -> DnstapServer {
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
        let initializer: @Sendable (any Channel) -> EventLoopFuture<NIOAsyncChannel<DnstapFrameOutput, Never>> = { channel in
            channel.eventLoop.makeCompletedFuture {
                let ops = channel.pipeline.syncOperations
                try ops.addHandler(ByteToMessageHandler(FrameStreamReceiver(maxFrameLength: maxFrameLength)))
                try ops.addHandler(DnstapFrameHandler())
                return try NIOAsyncChannel<DnstapFrameOutput, Never>(wrappingChannelSynchronously: channel)
            }
        }
        let channel: NIOAsyncChannel<NIOAsyncChannel<DnstapFrameOutput, Never>, Never>
        switch endpoint {
        case .unix(let path):
            channel = try await bootstrap.bind(unixDomainSocketPath: path, cleanupExistingSocketFile: true,
                                               childChannelInitializer: initializer)
        case .tcp(let host, let port):
            channel = try await bootstrap.bind(host: host, port: port, childChannelInitializer: initializer)
        }
        return DnstapServer(endpoint: endpoint, channel: channel)
    }

    /// Accepts connections and passes what they carry to `consume`, until the task is
    /// cancelled; then closes every connection and the listener (and removes the Unix socket).
    public func run(_ consume: @escaping @Sendable (DnstapInput) async -> Void) async throws {
        defer {
            if case .unix(let path) = endpoint { unlink(path) }
        }
        try await withThrowingDiscardingTaskGroup { group in
            try await channel.executeThenClose { connections in
                for try await connection in connections {
                    group.addTask { await DnstapServer.serve(connection, consume) }
                }
            }
        }
    }

    /// Stops accepting connections (run then ends once the connections have ended).
    public func close() async {
        try? await channel.channel.close()
    }

    private static func serve(_ connection: NIOAsyncChannel<DnstapFrameOutput, Never>,
                              _ consume: @Sendable (DnstapInput) async -> Void) async {
        let peer = connection.channel.remoteAddress.map(peerName) ?? "unix"
        await consume(.connected(peer: peer))
        do {
            try await connection.executeThenClose { inbound, _ in
                for try await output in inbound {
                    switch output {
                    case .event(let event): await consume(.event(event, peer: peer))
                    case .problem(let problem): await consume(.problem(problem, peer: peer))
                    }
                }
            }
        } catch {
            await consume(.problem(DnstapError(.truncated, "connection failed: \(error)"), peer: peer))
        }
        await consume(.disconnected(peer: peer))
    }

    private static func peerName(_ address: SocketAddress) -> String {
        switch address {
        case .unixDomainSocket: return "unix"
        default:
            guard let ip = address.ipAddress, let port = address.port else { return address.description }
            return address.protocol == .inet6 ? "[\(ip)]:\(port)" : "\(ip):\(port)"
        }
    }
}
