import DNSWire
import FluxModel
import NIOCore
import NIOPosix

/// The prober's state machine. It lives on one event loop and is only touched there: every
/// handler calls into it on that loop, so it needs no locks. Not `Sendable` (NIO style).
///
/// Flow: names come from the input (or the due-time heap) as jobs; each job queues its
/// questions; `pump()` sends what the slot cap and the token buckets allow, expires
/// timeouts, and delivers results to the sink in batches.
final class Engine {
    let loop: any EventLoop
    let config: ProbeConfig
    let clock: ProbeClock
    let sink: any ProbeSink
    var counters = ProbeCounters()
    let started: NIODeadline

    // Input and schedule.
    var input: (any NameIterator)?
    var due = MinHeap<Timestamp, NameSchedule>()
    var namesRead = 0
    /// Names read that had done every round already (resumed from a store).
    var namesDone = 0
    var inputIssues = 0
    var stopping = false
    var stoppedByDuration = false
    /// True when the last `startJobs` started nothing because the sink was backlogged.
    var heldBySink = false
    /// How late (probe seconds after it was due) the last repeated lookup finished: what a
    /// paced clock slows for, besides names still waiting to start.
    var lateness = 0.0
    let endTime: Timestamp?

    // Servers: index = source id.
    var servers: [ProbeServer] = []
    var serverAddresses: [SocketAddress] = []
    var serverIndex: [ProbeServer: Int] = [:]
    var serverBuckets: [TokenBucket] = []
    var resolvers: [Int] = []
    var nextResolver = 0
    var globalBucket: TokenBucket?
    /// Authoritative mode: zone cuts learnt from referrals, and the server to start from.
    var cuts: [DNSName: [Int]] = [:]
    /// The server to start from, as the candidate list of a question asked there (made once,
    /// not once a question).
    var startCandidates: [Int] = [0]
    var startServer: Int { startCandidates[0] }

    // Jobs, requests and slots.
    var jobs: [Job?] = []
    var freeJobs: [Int] = []
    var activeJobs = 0
    var ready = CircularBuffer<Request>()
    var slots: [Slot?]
    var freeSlots: [Int]
    var generation: UInt32 = 0
    var timeouts = MinHeap<NIODeadline, UInt64>()

    // Transport.
    var udp = UDPPool()
    var tcp: [[TCPConnection]] = []
    var dirtyTCP: [TCPConnection] = []
    var random = RandomPool()

    // Reading responses: scratch reused from one response to the next.
    var layout = MessageLayout()
    var nameKeys: [UInt8] = []

    // Output batching and timers.
    var results: [ProbeResult] = []
    var schedules: [NameSchedule] = []
    var wake: (at: NIODeadline, task: Scheduled<Void>)?
    var progressTask: Scheduled<Void>?
    var promise: EventLoopPromise<ProbeSummary>?
    var finished = false

    init(loop: any EventLoop, config: ProbeConfig, clock: ProbeClock, sink: any ProbeSink, input: any NameIterator) {
        self.loop = loop
        self.config = config
        self.clock = clock
        self.sink = sink
        self.input = input
        self.started = .now()
        self.endTime = config.duration.map { clock.origin + $0 }
        let cap = max(1, config.inFlight)
        slots = Array(repeating: nil, count: cap)
        freeSlots = Array((0..<cap).reversed())
        if let qps = config.qps { globalBucket = TokenBucket(rate: qps, now: started) }
    }

    /// Opens the sockets and starts; the future completes when every round is done, the
    /// duration is over, or `cancel()` was called.
    func start() -> EventLoopFuture<ProbeSummary> {
        loop.assertInEventLoop()
        let promise = loop.makePromise(of: ProbeSummary.self)
        self.promise = promise
        do {
            switch config.mode {
            case .resolver(let list):
                guard !list.isEmpty else { throw ProbeError.noServers }
                resolvers = try list.map { try register($0) }
            case .authoritative(let start):
                startCandidates = [try register(start)]
            }
        } catch {
            promise.fail(error)
            return promise.futureResult
        }
        let families = Set(servers.map { $0.address.isV4 })
        udp.open(engine: self, v4: families.contains(true), v6: families.contains(false)).assumeIsolated().whenComplete { result in
            switch result {
            case .success:
                self.scheduleProgress()
                self.pump()
            case .failure(let error):
                self.finish(error: error)
            }
        }
        return promise.futureResult
    }

    /// Stops starting lookups; questions in flight still finish.
    func cancel() {
        stopping = true
        due = MinHeap()
        pump()
    }

    /// The index of `server`, registering it (and telling the sink its source) if new.
    @discardableResult
    func register(_ server: ProbeServer) throws -> Int {
        if let i = serverIndex[server] { return i }
        let i = servers.count
        serverAddresses.append(try server.socketAddress())
        servers.append(server)
        serverIndex[server] = i
        tcp.append([])
        if let rate = config.perServerQPS { serverBuckets.append(TokenBucket(rate: rate, now: .now())) }
        let kind = config.modeIsResolver ? "resolver" : "authoritative"
        sink.source(SourceID(i), Source(kind: .probe, name: "\(kind)@\(server)"))
        return i
    }

    /// Ends the run: flushes the sink, closes every socket, completes the future.
    func finish(error: (any Error)? = nil) {
        guard !finished else { return }
        finished = true
        flushSink()
        counters.elapsed = elapsed()
        counters.inFlight = 0
        sink.progress(counters)
        progressTask?.cancel()
        wake?.task.cancel()
        udp.close()
        for list in tcp { for c in list { c.close() } }
        if let error {
            promise?.fail(error)
        } else {
            promise?.succeed(ProbeSummary(counters: counters, names: namesRead, inputIssues: inputIssues,
                                          stoppedByDuration: stoppedByDuration, namesAlreadyDone: namesDone,
                                          slowdown: clock.pace?.slowestFactor ?? 1))
        }
    }

    func elapsed() -> Double { Double((NIODeadline.now() - started).nanoseconds) / 1e9 }
}

/// Why a probe could not run.
public enum ProbeError: Error, Hashable, Sendable, CustomStringConvertible {
    /// No server to ask (no `--resolver` and none in resolv.conf).
    case noServers

    /// What is wrong and what to do.
    public var description: String {
        switch self {
        case .noServers: return "no DNS server to ask: give --resolver or --authoritative"
        }
    }
}

extension ProbeConfig {
    var modeIsResolver: Bool { if case .resolver = mode { return true } else { return false } }
}
