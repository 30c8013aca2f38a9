import ArgumentParser
import DNSWire
import Pipeline
import Probe
import Store

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `fluxscope probe`: look names up again and again on their TTL, as fast-flux studies do.
struct ProbeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Look domains up repeatedly (each again when its TTL runs out) and print what the answers hold.",
        discussion: """
            Resolver mode (default) asks recursive resolvers (--resolver, else /etc/resolv.conf). \
            Authoritative mode (--authoritative) asks authoritative servers without recursion, \
            following referrals from the given server, so each answer set is fresh.

            With --db, every name and its schedule (next due time, last TTL, failures in a row, \
            lookups done) is stored with the observations, and a later run resumes from it: names \
            already due are looked up first, the others when they fall due. The names are read \
            (from --domains, the arguments or the store) 10,000 at a time, so a list of millions \
            is never held whole; "most overdue first" holds within each chunk of 10,000. A run \
            stopped before reaching every name stores the rest, due at once. Without DOMAIN or \
            --domains, every name stored in --db is probed. --rounds then counts the lookups of a \
            name over all runs on that store: a name that has had N lookups is not looked up \
            again. SIGINT or SIGTERM stops starting lookups; questions in flight finish and \
            everything is stored before the exit.

            With --worker (and --db), the probe is one of any number of workers sharing the \
            store's watchlist (the one `fluxscope serve` probes): it leases due domains \
            (--batch at a time, for --lease), looks each up once, writes the answers and \
            completes the leases in one transaction, and loops until SIGINT/SIGTERM or \
            --duration. A killed worker's domains pass to the others when its leases end. \
            --qps and --per-server-qps are limits over all live workers: each worker uses its \
            share. DOMAIN... or --domains add names not yet watched (due at once).
            """)

    @Argument(help: "Domains to probe.")
    var domains: [String] = []

    @Option(name: .customLong("domains"), help: "A file of domains, one a line (# and ; start comments).")
    var domainsFile: String?

    @Option(name: .customLong("resolver"), help: "A recursive resolver HOST[:PORT] (repeatable).")
    var resolvers: [String] = []

    @Option(help: "Ask authoritative servers, starting at HOST[:PORT] (a root, a parent, or the zone's server).")
    var authoritative: String?

    @Option(help: "Lookups per name (default 1 unless --duration is given); with --db, counted over all runs on that store.")
    var rounds: Int?

    @Option(help: "Stop starting lookups after this long (30s, 10m, 2h, 1d).")
    var duration: String?

    @Option(help: "Shortest wait before a name is looked up again.")
    var minInterval: String = "1s"

    @Option(help: "Longest wait before a name is looked up again.")
    var maxInterval: String = "1h"

    @Option(help: "Queries per second over all servers (0: no limit); with --worker, over all live workers.")
    var qps: Double = 500

    @Option(name: [.customLong("per-server-qps"), .customLong("server-qps")],
            help: "Queries per second to any one server (0: no limit); with --worker, over all live workers.")
    var perServerQPS: Double = 0

    @Option(help: "Questions outstanding at once, at most.")
    var inFlight: Int = 500

    @Option(help: "Wait for an answer (doubled on each retry).")
    var timeout: String = "2s"

    @Option(help: "Attempts after the first.")
    var retries: Int = 2

    @Option(help: "EDNS UDP payload size advertised (0: no EDNS).")
    var ednsSize: UInt16 = 1232

    @Option(help: "Types asked for each name, comma separated.")
    var types: String = "A,AAAA,NS"

    @Flag(help: "Also ask PTR of every answered address.")
    var ptr = false

    @Flag(help: "Do not ask the addresses of NS hosts (double flux).")
    var noNSHosts = false

    @Flag(help: "Ask every question over TCP (for measuring TCP).")
    var tcp = false

    @Option(help: "Probe-clock speed against real time (60: a minute of TTL passes in a second).")
    var timeScale: Double = 1

    @Flag(help: "Print observations as JSON lines.")
    var json = false

    @Flag(help: "Print only the summary.")
    var summaryOnly = false

    @Option(help: "Also write observations, outcomes, answer sets and each name's schedule to this store (sqlite:PATH or postgres://USER@HOST:PORT/DB); resume from the schedules stored there.")
    var db: String?

    @Flag(help: "Work the store's shared watchlist with leases, alongside other workers and the server (needs --db).")
    var worker = false

    @Option(help: "This worker's id in the store (default HOST:PID); unique among the workers sharing it.")
    var workerID: String?

    @Option(help: "With --worker: how long a leased domain stays this worker's (renewed while alive); a dead worker's domains wait this long.")
    var lease: String = "60s"

    @Option(help: "With --worker: domains leased and probed per round, at most.")
    var batch: Int = 100

    func validate() throws {
        if worker {
            guard db != nil else { throw ValidationError("--worker needs --db URL (the store whose watchlist the workers share)") }
            if rounds != nil { throw ValidationError("--worker probes each domain once per due period: leave --rounds out (stop with a signal or --duration)") }
            if timeScale != 1 { throw ValidationError("--worker runs on the wall clock that every process sharing the watchlist uses: leave --time-scale out") }
            if batch < 1 { throw ValidationError("--batch must be at least 1") }
            guard let l = DurationText.seconds(lease), l > 0 else { throw ValidationError("--lease \(lease): not a positive duration (e.g. 30s, 5m)") }
            if let workerID, workerID.isEmpty || workerID.count > 200 { throw ValidationError("--worker-id must be 1 to 200 characters") }
        } else if workerID != nil {
            throw ValidationError("--worker-id needs --worker")
        }
        if domains.isEmpty && domainsFile == nil && db == nil {
            throw ValidationError("give DOMAIN... or --domains FILE (or --db URL to resume the names stored there)")
        }
        if !domains.isEmpty && domainsFile != nil { throw ValidationError("give DOMAIN... or --domains FILE, not both") }
        if authoritative != nil && !resolvers.isEmpty { throw ValidationError("--resolver and --authoritative exclude each other") }
        if let rounds, rounds < 1 { throw ValidationError("--rounds must be at least 1") }
        if inFlight < 1 { throw ValidationError("--in-flight must be at least 1") }
        if retries < 0 { throw ValidationError("--retries must not be negative") }
        if qps < 0 || perServerQPS < 0 { throw ValidationError("--qps and --per-server-qps must not be negative") }
        if timeScale <= 0 { throw ValidationError("--time-scale must be positive") }
        if let db, (try? StoreURL(parsing: db)) == nil { throw ValidationError("--db \(db): use sqlite:PATH or postgres://USER@HOST:PORT/DB") }
        _ = try makeConfig()
    }

    func run() async throws {
        if worker { return try await runWorker() }
        let stop = Signals.watch()
        let config = try makeConfig()
        let isTTY = isatty(2) == 1
        let output = ProbeOutput(format: summaryOnly ? .none : (json ? .json : .table), progress: isTTY)
        var store: (any ObservationStore)?
        // A small SQLite page cache: it fills as the store grows, and the probe's memory should
        // follow its in-flight cap and batch size, not the number of names (docs/probe.md);
        // checkpoints every few batches, not after each; a new file gets larger pages.
        if let db {
            store = try await StoreURL(parsing: db).open(sqliteCacheKiB: ProbeStoreSink.sqliteCacheKiB,
                                                         sqliteWALCheckpointPages: ProbeStoreSink.sqliteWALCheckpointPages,
                                                         sqlitePageSize: ProbeStoreSink.sqlitePageSize)
        }
        let storeSink = store.map { ProbeStoreSink(store: $0) }
        let sink = ProbeSinks([output] + (storeSink.map { [$0] } ?? []))
        let prober = Prober(config: config)
        let task: Task<ProbeSummary, any Error>
        var resume: (ProbeResume, StoredNames)?
        if let store {
            let names: ProbeResume.Names = domainsFile.map { .file($0) } ?? (domains.isEmpty ? .stored : .list(domains))
            let r = ProbeResume(store: store, names: names)
            // About one sighting a name: into a store holding fewer, the index by data is built
            // once at the end instead of entry by entry (docs/probe.md).
            _ = try await store.beginBulkWrite(expectedSightings: try r.expectedNames())
            let clock = ProbeClock(scale: config.timeScale, origin: try await r.clockOrigin())
            let source = r.source()
            resume = (r, source)
            task = Task { try await prober.run(source, sink: sink, clock: clock) }
        } else if let domainsFile {
            task = Task { try await prober.run(DomainFile(path: domainsFile), sink: sink) }
        } else {
            let (list, issues) = NameList.parsing(domains)
            for issue in issues { sink.inputIssue(issue) }
            task = Task { try await prober.run(list, sink: sink) }
        }
        let stopper = Task {
            for await _ in stop {
                task.cancel()
                return
            }
        }
        let result = await task.result
        stopper.cancel()
        output.finish()
        try await storeSink?.close()
        if let resume {
            let (r, source) = resume
            if source.counts.resumed > 0 {
                writeStderr("resumed \(source.counts.resumed) names from the schedules stored in \(db ?? ""); \(source.counts.fresh) new\n")
            }
            // Stopped before every name was read: the rest are stored due at once, so that the
            // next run has them even without the list.
            if task.isCancelled || config.duration != nil {
                let rest = try await r.register(issue: { _ in })
                if rest.registered > 0 { writeStderr("stored \(rest.registered) names not looked up yet, due at once\n") }
            }
        }
        try await store?.endBulkWrite()
        try await store?.close()
        let summary = try result.get()
        var text = ProbeSummaryText.render(summary)
        if task.isCancelled { text += "  stopped by a signal: run again to resume\n" }
        if json || summaryOnly { writeStderr(text) } else { print(text, terminator: "") }
        if summary.names == 0 { throw ExitCode.failure }
    }

    /// The names given as arguments or in --domains (issues go to the sink), or `nil` when
    /// none were given (probe every stored name).
    func givenNames(_ sink: some ProbeSink) throws -> [DNSName]? {
        if let domainsFile {
            var names: [DNSName] = []
            var iterator = try DomainFile(path: domainsFile).makeIterator()
            while let entry = iterator.next() {
                switch entry {
                case .success(let s): names.append(s.name)
                case .failure(let issue): sink.inputIssue(issue)
                }
            }
            return names
        }
        guard !domains.isEmpty else { return nil }
        let (list, issues) = NameList.parsing(domains)
        for issue in issues { sink.inputIssue(issue) }
        return list.entries.map(\.name)
    }

    func makeConfig() throws -> ProbeConfig {
        let mode: ProbeConfig.Mode
        if let authoritative {
            guard let server = ProbeServer(authoritative) else { throw ValidationError("--authoritative \(authoritative): not an IP address with an optional port") }
            mode = .authoritative(start: server)
        } else if resolvers.isEmpty {
            let found = ResolvConf.nameservers()
            guard !found.isEmpty else { throw ValidationError("no nameserver in /etc/resolv.conf: give --resolver HOST[:PORT]") }
            mode = .resolver(found)
        } else {
            mode = .resolver(try resolvers.map {
                guard let s = ProbeServer($0) else { throw ValidationError("--resolver \($0): not an IP address with an optional port") }
                return s
            })
        }
        var c = ProbeConfig(mode: mode)
        c.types = try types.split(separator: ",").map {
            guard let t = RecordType(mnemonic: $0) else { throw ValidationError("--types: unknown type \($0)") }
            return t
        }
        c.rounds = rounds ?? (duration == nil ? 1 : nil)
        c.duration = try duration.map { try seconds($0, "--duration") }
        c.schedule = SchedulePolicy(minInterval: try seconds(minInterval, "--min-interval"),
                                    maxInterval: try seconds(maxInterval, "--max-interval"))
        c.qps = qps > 0 ? qps : nil
        c.perServerQPS = perServerQPS > 0 ? perServerQPS : nil
        c.inFlight = inFlight
        c.timeout = try seconds(timeout, "--timeout")
        c.retries = retries
        c.ednsSize = ednsSize
        c.ptr = ptr
        c.resolveNSHosts = !noNSHosts
        c.forceTCP = tcp
        c.timeScale = timeScale
        return c
    }

    func seconds(_ text: String, _ option: String) throws -> Double {
        guard let s = DurationText.seconds(text) else { throw ValidationError("\(option) \(text): not a duration (e.g. 30s, 5m, 2h)") }
        return s
    }
}
