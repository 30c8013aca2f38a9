import DNSWire
import NIOCore
import NIOPosix

/// The lab's authoritative DNS server: serves a `LabWorld` on a loopback address over UDP
/// and TCP on the same port, answering at the simulated time of its clock.
///
/// It only ever binds loopback: the world's addresses are simulated data and nothing is
/// sent to them.
public final class LabServer: Sendable {
    /// The address the server listens on.
    public let host: String
    /// The port, for UDP and TCP alike (the chosen one when started with port 0).
    public let port: Int
    /// The servers of the world this one plays.
    public let view: LabView
    /// The clock answers are computed at.
    public let clock: SimulatedClock
    private let udp: any Channel
    private let tcp: any Channel

    private init(host: String, port: Int, view: LabView, clock: SimulatedClock, udp: any Channel, tcp: any Channel) {
        self.host = host
        self.port = port
        self.view = view
        self.clock = clock
        self.udp = udp
        self.tcp = tcp
    }

    /// Starts serving `world` on `host` (a loopback address) and `port` (0 picks a free
    /// port), as the servers of `view`, with `clock` (by default the scenario's, started now).
    public static func start(world: LabWorld, host: String = "127.0.0.1", port: Int = 0, view: LabView = .full,
                             clock: SimulatedClock? = nil) async throws -> LabServer {
        guard let address = IPAddress(host), LabClient.isLoopback(address) else {
            throw LabError("the lab server only binds loopback addresses (127.0.0.1, ::1), not '\(host)'")
        }
        let clock = clock ?? SimulatedClock(scenario: world.scenario)
        let responder = LabResponder(world: world, clock: clock, view: view)
        let group = MultiThreadedEventLoopGroup.singleton
        var lastError: (any Error)?
        // With port 0 the TCP port is chosen first; the same UDP port may be taken, so retry.
        for _ in 0..<(port == 0 ? 8 : 1) {
            let tcp = try await ServerBootstrap(group: group)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(TCPFrameDecoder()))
                        try channel.pipeline.syncOperations.addHandler(TCPQueryHandler(responder: responder))
                    }
                }
                .bind(host: host, port: port).get()
            guard let bound = tcp.localAddress?.port else {
                try? await tcp.close()
                throw LabError("the TCP socket has no local port")
            }
            do {
                let udp = try await DatagramBootstrap(group: group)
                    .channelInitializer { channel in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.addHandler(UDPQueryHandler(responder: responder))
                        }
                    }
                    .bind(host: host, port: bound).get()
                return LabServer(host: host, port: bound, view: view, clock: clock, udp: udp, tcp: tcp)
            } catch {
                lastError = error
                try? await tcp.close()
            }
        }
        throw LabError("cannot bind UDP \(host) port \(port): \(lastError.map { "\($0)" } ?? "unknown error")")
    }

    /// Stops listening; returns when both sockets are closed.
    public func stop() async throws {
        try await udp.close()
        try await tcp.close()
    }
}
