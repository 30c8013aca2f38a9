import DNSWire
import FluxModel
import Foundation
import Store
import Testing
import TestSupport

/// `fluxscope probe --worker`: three worker processes share one store's watchlist (SQLite, and
/// a real PostgreSQL on loopback) and probe the
/// lab (`fluxscope lab`, another process). Every due lookup is done exactly once; a worker
/// killed with SIGKILL loses nothing: its leases end and the others finish its domains.
///
/// Counting: a lookup of name N for type A writes one answer set (N, A, addresses), so the
/// sum of the counts of N's A answer sets is the number of A lookups of N that got addresses
/// under N itself. Lab domains answered through a CNAME or negatively have no such sets; they
/// are checked by their watchlist entry only (probed, lease completed).
@Suite(.serialized, .enabled(if: FileManager.default.fileExists(atPath: "/usr/share/libloc-location/location.db"),
                             "the libloc database (Debian libloc-database) is not installed"))
struct ProbeWorkerTests {
    /// Domains put on the watchlist (the lab's first ones; the standard world has 60).
    static let domainCount = 60

    @Test(arguments: ["sqlite", "postgres"])
    func threeWorkersProbeEachDueDomainOncePerPeriodWithinTheSharedRate(backend: String) async throws {
        let lab = try await LabProcess.start(backend: backend)
        defer { lab.stop() }
        let qps = 60.0
        let store = try await lab.store()
        // Due a few seconds after the workers start, once each has registered (they beat every
        // second while idle): the shared limit is measured in the steady state (a worker that
        // starts into a busy watchlist exceeds its share for one round: docs/probe.md).
        let started = ProbeWorkerTests.wallNow()
        let domains = try await lab.watch(into: store, at: started + 5)
        let workers = try (1...3).map { try lab.worker("w\($0)", ["--qps", "\(qps)", "--batch", "10", "--lease", "10s"]) }
        defer { workers.forEach { $0.stop(grace: 1) } }

        // Period 1: all due now. Wait until every domain is probed and its lease completed.
        let first = try await lab.waitUntil(store, workers) { $0.allSatisfy { $0.lastProbed != nil && $0.leaseOwner == nil } }
        let counts1 = try await Self.aLookups(store, domains)
        let answered = try await Self.answeredMessages(store)
        let probeTimes = first.compactMap(\.lastProbed)
        let span = (probeTimes.max() ?? 0) - (probeTimes.min() ?? 0)

        // Period 2: the test makes every domain due again (as its TTL or interval would).
        let again = ProbeWorkerTests.wallNow()
        for entry in first {
            _ = try await store.upsertWatch(WatchEntry(domain: entry.domain, interval: 3600, addedAt: entry.addedAt, nextDue: again))
        }
        _ = try await lab.waitUntil(store, workers) { $0.allSatisfy { ($0.lastProbed ?? 0) >= again && $0.leaseOwner == nil } }
        let counts2 = try await Self.aLookups(store, domains)
        for w in workers { kill(w.pid, SIGTERM) }
        for (i, w) in workers.enumerated() {
            #expect(try await lab.exit(of: w) == 0, "\(lab.log("w\(i + 1)"))")
            #expect(lab.log("w\(i + 1)").contains("probe worker summary"))
        }

        let countable = counts1.filter { $0.value > 0 }
        #expect(countable.count >= domains.count / 3, "too few lab domains answer A under their own name: \(countable.count)")
        for (name, n) in countable {
            #expect(n == 1, "\(name): \(n) A lookups in the first period")
            #expect(counts2[name] == 2, "\(name): \(counts2[name] ?? 0) A lookups after two periods")
        }
        #expect(counts2.values.filter { $0 > 0 }.count == countable.count)
        // Each worker did part of the work.
        let sent = (1...3).map { lab.summaryFigure("w\($0)", "queries sent") }
        #expect(sent.allSatisfy { $0 > 0 }, "every worker probed: \(sent)")
        // The shared limit: answers committed in period 1 over the span of its probe times.
        let rate = Double(answered) / max(span, 0.001)
        print("ProbeWorkerTests (\(backend)): \(domains.count) domains, 3 workers, --qps \(qps): period 1 took \(fmt(span)) s "
              + "(first lookup \(fmt(probeTimes.min()! - started - 5)) s after the due time), \(answered) answers, \(fmt(rate)) answers/s; "
              + "queries sent per worker over both periods \(sent); countable domains \(countable.count)")
        #expect(rate <= qps * 1.25, "the workers together exceeded --qps \(qps): \(rate)/s")
    }

    @Test(arguments: ["sqlite", "postgres"])
    func aKilledWorkersDomainsAreTakenOverWhenItsLeasesEnd(backend: String) async throws {
        let lab = try await LabProcess.start(backend: backend)
        defer { lab.stop() }
        let store = try await lab.store()
        let domains = try await lab.watch(into: store, at: ProbeWorkerTests.wallNow() - 1)
        let lease = 3.0
        // Slow (40 queries/s over all workers) so that the run lasts long enough to kill w1 mid-run.
        let args = ["--qps", "40", "--batch", "4", "--lease", "\(Int(lease))s"]
        let workers = try (1...3).map { try lab.worker("w\($0)", args) }
        defer { workers.forEach { $0.stop(grace: 1) } }

        // Kill w1 once it has completed a round and holds leases of a new one.
        let held = try await lab.waitUntil(store, workers) { entries in
            entries.contains { $0.leaseOwner == "w1" } && entries.contains { $0.lastProbed != nil }
        }
        kill(workers[0].pid, SIGKILL)
        let killedAt = ProbeWorkerTests.wallNow()
        #expect(try await lab.exit(of: workers[0]) == 128 + SIGKILL)
        let orphans = try await store.watchlist().filter { $0.leaseOwner == "w1" && $0.lastProbed == nil }.map(\.domain)
        #expect(!orphans.isEmpty, "w1 held no unfinished lease when killed: \(held.filter { $0.leaseOwner == "w1" }.count)")

        let done = try await lab.waitUntil(store, Array(workers.dropFirst())) {
            $0.allSatisfy { $0.lastProbed != nil && $0.leaseOwner == nil }
        }
        for w in workers.dropFirst() { kill(w.pid, SIGTERM) }
        for (i, w) in workers.enumerated().dropFirst() {
            #expect(try await lab.exit(of: w) == 0, "\(lab.log("w\(i + 1)"))")
        }
        // w1's unfinished domains were probed by the others, and not before its lease ended.
        let byName = Dictionary(done.map { ($0.domain, $0) }, uniquingKeysWith: { a, _ in a })
        for name in orphans {
            let probed = try #require(byName[name]?.lastProbed)
            #expect(probed >= killedAt, "\(name) was probed at \(probed), before w1 was killed at \(killedAt)")
        }
        let firstTakeover = orphans.compactMap { byName[$0]?.lastProbed }.min() ?? 0
        print("ProbeWorkerTests (\(backend)): w1 killed holding \(orphans.count) unfinished leases; the first was completed by another worker "
              + "\(fmt(firstTakeover - killedAt)) s later (lease \(lease) s)")
        // Nothing lost, nothing twice: every countable domain has exactly one A lookup stored.
        let counts = try await Self.aLookups(store, domains)
        let countable = counts.filter { $0.value > 0 }
        #expect(countable.count >= domains.count / 3, "too few countable domains: \(countable.count)")
        for (name, n) in countable { #expect(n == 1, "\(name): \(n) A lookups stored") }
        if let sqlite = store as? SQLiteStore { #expect(try await sqlite.integrityCheck() == ["ok"]) }
    }

    /// `fluxscope serve` (its watcher is a worker too) and two `probe --worker` processes share
    /// one watchlist: each domain is probed once, and the server takes part.
    @Test func theServersWatcherSharesTheWatchlistWithWorkers() async throws {
        let lab = try await LabProcess.start()
        defer { lab.stop() }
        let store = try await lab.scratch.store()
        let domains = try await lab.watch(into: store, at: ProbeWorkerTests.wallNow() + 3)
        let serve = try ChildProcess(Tool.fluxscope, ["serve", "--db", lab.scratch.url, "--port", "0",
                                                      "--resolver", "127.0.0.1:\(lab.port)", "--analysis-interval", "1h"],
                                     output: lab.scratch.path("serve.log"))
        let workers = try (1...2).map { try lab.worker("w\($0)", ["--qps", "60", "--lease", "10s"]) }
        defer { (workers + [serve]).forEach { $0.stop(grace: 1) } }

        var owners = Set<String>()
        let deadline = Date().addingTimeInterval(180)
        var entries: [WatchEntry] = []
        while Date() < deadline {
            entries = try await store.watchlist()
            owners.formUnion(entries.compactMap(\.leaseOwner))
            if entries.allSatisfy({ $0.lastProbed != nil && $0.leaseOwner == nil }) { break }
            guard serve.isRunning, workers.allSatisfy(\.isRunning) else { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(entries.allSatisfy { $0.lastProbed != nil }, "not every domain was probed: \(lab.log("serve").suffix(2000))")
        for p in workers + [serve] { kill(p.pid, SIGTERM) }
        for p in workers + [serve] { #expect(try await lab.exit(of: p) == 0) }
        #expect(owners.contains { $0.hasPrefix("server@") }, "the server's watcher leased nothing: \(owners)")
        #expect(owners.isSuperset(of: ["w1", "w2"]), "\(owners)")
        let counts = try await Self.aLookups(store, domains).filter { $0.value > 0 }
        #expect(counts.count >= domains.count / 3)
        for (name, n) in counts { #expect(n == 1, "\(name): \(n) A lookups stored") }
    }

    // MARK: Helpers

    /// Per domain, the A lookups stored (sum of its A answer sets' counts).
    static func aLookups(_ store: any ObservationStore, _ domains: [DNSName]) async throws -> [DNSName: Int] {
        var counts: [DNSName: Int] = [:]
        for d in domains {
            counts[d] = try await store.answerSets(named: d).filter { $0.key.type == .a }.reduce(0) { $0 + $1.count }
        }
        return counts
    }

    /// Answered messages counted by the probe sources.
    static func answeredMessages(_ store: any ObservationStore) async throws -> Int {
        try await store.sources().filter { $0.source.kind == .probe }.reduce(0) { $0 + Int($1.counters.messages) }
    }

    static func wallNow() -> Double { Date().timeIntervalSince1970 }
}

private func fmt(_ x: Double) -> String { String(format: "%.2f", x) }

/// `fluxscope lab` on a free port, a scratch store (SQLite, or a database of its own on the
/// test process's PostgreSQL server), and the workers' logs.
struct LabProcess {
    let scratch: Scratch
    let process: ChildProcess
    let port: UInt16
    /// The store's URL, as the workers get it.
    let url: String

    static func start(backend: String = "sqlite") async throws -> LabProcess {
        let scratch = try Scratch()
        var url = scratch.url
        if backend == "postgres" {
            let server = try await PostgresServer.shared()
            url = server.url(database: try await server.createDatabase())
        }
        let port = TestEnvironment.freePort()
        let parent = TestEnvironment.freePort()
        let process = try ChildProcess(Tool.fluxscope, ["lab", "--port", "\(port)", "--parent-port", "\(parent)",
                                                        "--domains-out", scratch.path("domains.txt")],
                                       output: scratch.path("lab.log"))
        let lab = LabProcess(scratch: scratch, process: process, port: port, url: url)
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline, process.isRunning, !lab.log("lab").contains("try: dig") {
            try await Task.sleep(for: .milliseconds(100))
        }
        guard lab.log("lab").contains("try: dig") else {
            lab.stop()
            throw ProbeResumeTests.ResumeTestError(reason: "the lab did not start: \(lab.log("lab"))")
        }
        return lab
    }

    /// Puts the lab's first `domainCount` names on the watchlist, due at `due`, each with an
    /// interval of an hour (so that the test, not the TTL, decides when a period begins).
    func watch(into store: any ObservationStore, at due: Double) async throws -> [DNSName] {
        let text = try String(contentsOfFile: scratch.path("domains.txt"), encoding: .utf8)
        let names = try text.split(separator: "\n").map { try DNSName(String($0)) }.prefix(ProbeWorkerTests.domainCount)
        for n in names { _ = try await store.upsertWatch(WatchEntry(domain: n, interval: 3600, addedAt: due, nextDue: due)) }
        return Array(names)
    }

    /// Starts `fluxscope probe --worker` against the lab and the scratch store.
    func worker(_ id: String, _ extra: [String]) throws -> ChildProcess {
        try ChildProcess(Tool.fluxscope, ["probe", "--worker", "--db", url, "--worker-id", id,
                                          "--resolver", "127.0.0.1:\(port)", "--timeout", "1s"] + extra,
                         output: scratch.path("\(id).log"))
    }

    /// Polls the watchlist until `done` holds; fails after three minutes or when a worker dies.
    func waitUntil(_ store: any ObservationStore, _ workers: [ChildProcess], _ done: ([WatchEntry]) -> Bool) async throws -> [WatchEntry] {
        let deadline = Date().addingTimeInterval(180)
        while Date() < deadline {
            let entries = try await store.watchlist()
            if done(entries) { return entries }
            guard workers.allSatisfy(\.isRunning) else { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        let logs = ["w1", "w2", "w3", "serve"].map { log($0) }.joined(separator: "\n---\n")
        throw ProbeResumeTests.ResumeTestError(reason: "the workers did not get there in time; logs:\n\(logs)")
    }

    /// The scratch store, opened (and migrated) from `url`.
    func store() async throws -> any ObservationStore {
        try await StoreURL(parsing: url).open()
    }

    func exit(of child: ChildProcess) async throws -> Int32? {
        try await ProbeResumeTests.exit(of: child, timeout: 60)
    }

    func log(_ name: String) -> String {
        (try? String(contentsOfFile: scratch.path("\(name).log"), encoding: .utf8)) ?? ""
    }

    /// A number from a worker's summary line, e.g. `queries sent     1234 (0 over TCP)`.
    func summaryFigure(_ name: String, _ label: String) -> Int {
        guard let line = log(name).split(separator: "\n").last(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix(label) })
        else { return 0 }
        let rest = line.trimmingCharacters(in: .whitespaces).dropFirst(label.count).trimmingCharacters(in: .whitespaces)
        return Int(rest.prefix { $0.isNumber }) ?? 0
    }

    func stop() {
        process.stop(grace: 2)
        scratch.remove()
    }
}
