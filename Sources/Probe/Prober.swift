import NIOCore
import NIOPosix

/// The active prober: asks about names over UDP (TCP after truncation), in resolver or
/// authoritative mode, again when their TTLs run out, within rate limits, and hands every
/// result to a sink.
///
/// ```swift
/// let config = ProbeConfig(mode: .resolver([ProbeServer("127.0.0.1:5301")!]))
/// let summary = try await Prober(config: config).run(NameList([try DNSName("example.test")]), sink: sink)
/// ```
public struct Prober: Sendable {
    /// How to probe.
    public var config: ProbeConfig

    /// A prober with a configuration.
    public init(config: ProbeConfig) { self.config = config }

    /// Probes every name of `names` for the configured rounds or duration and returns the
    /// totals. Results go to `sink` on the prober's event loop as they come. Cancelling the
    /// task stops new lookups; questions in flight still finish.
    ///
    /// - Parameters:
    ///   - clock: the probe clock (by default the wall clock at `config.timeScale`).
    ///   - eventLoop: the loop to run on (by default one of NIO's shared loops).
    public func run(_ names: some NameSource, sink: some ProbeSink, clock: ProbeClock? = nil,
                    eventLoop: (any EventLoop)? = nil) async throws -> ProbeSummary {
        let loop = eventLoop ?? MultiThreadedEventLoopGroup.singleton.next()
        let config = self.config
        let clock = clock ?? ProbeClock(scale: config.timeScale)
        let engine = try await loop.submit {
            let input = try names.makeIterator()
            return NIOLoopBound(Engine(loop: loop, config: config, clock: clock, sink: sink, input: input), eventLoop: loop)
        }.get()
        return try await withTaskCancellationHandler {
            try await loop.flatSubmit { engine.value.start() }.get()
        } onCancel: {
            loop.execute { engine.value.cancel() }
        }
    }
}
