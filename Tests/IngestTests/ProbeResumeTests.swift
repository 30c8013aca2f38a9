import DNSWire
import FluxModel
import Foundation
import Store
import Testing
import TestSupport

/// `fluxscope probe --db` stores each name's schedule with its observations and resumes from
/// it: after SIGTERM (clean stop) and after SIGKILL (between batches), no name is looked up
/// before its stored due time, no name is forgotten, and `--rounds` counts over the runs.
///
/// Each run asks a fresh nsd whose addresses differ per run (10.R.0.i in run R), so the first
/// sighting of a run's address is the first lookup of that name in that run.
@Suite(.serialized, .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/sbin/nsd"), "nsd is not installed"))
struct ProbeResumeTests {
    static let names = (0..<12).map { "n\($0).resume.test." }

    /// The zone of run `run`: one A record per name, TTL 2 s.
    static func zone(run: Int) -> String {
        (["$ORIGIN resume.test.", "$TTL 2", "@ IN SOA ns1 host 1 3600 600 86400 2", "@ IN NS ns1", "ns1 IN A 127.0.0.1"]
            + names.indices.map { "n\($0) IN A 10.\(run).0.\($0 + 1)" }).joined(separator: "\n") + "\n"
    }

    @Test func stoppedProbeResumesFromTheStoredSchedule() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let list = scratch.path("names.txt")
        try (["# names to resume"] + Self.names).joined(separator: "\n").write(toFile: list, atomically: true, encoding: .utf8)
        let common = ["--db", scratch.url, "--types", "A", "--min-interval", "500ms", "--timeout", "1s", "--summary-only"]

        // Run 1: until every name has two lookups, then SIGTERM: a clean stop, exit 0.
        var nsd = try NSDServer(zones: ["resume.test.": Self.zone(run: 1)])
        let first = try ChildProcess(Tool.fluxscope, ["probe", "--domains", list, "--authoritative", "127.0.0.1:\(nsd.port)",
                                                      "--rounds", "1000"] + common, output: scratch.path("run1.log"))
        let s1 = try await Self.waitFor(scratch, first) { $0.count == Self.names.count && $0.values.allSatisfy { $0.lookups >= 2 } }
        kill(first.pid, SIGTERM)
        #expect(try await Self.exit(of: first) == 0, "\(Self.log(scratch, 1))")
        #expect(Self.log(scratch, 1).contains("stopped by a signal"))
        let afterTerm = try await Self.checkStore(scratch, run: 1, after: [:])
        for (name, s) in afterTerm { #expect(s.lookups >= s1[name]?.lookups ?? .max) }
        nsd.stop()

        // Run 2: no names given: every stored name resumes; SIGKILL once each has two more.
        nsd = try NSDServer(zones: ["resume.test.": Self.zone(run: 2)])
        let second = try ChildProcess(Tool.fluxscope, ["probe", "--authoritative", "127.0.0.1:\(nsd.port)", "--rounds", "1000"] + common,
                                      output: scratch.path("run2.log"))
        _ = try await Self.waitFor(scratch, second) { now in
            afterTerm.allSatisfy { (now[$0.key]?.lookups ?? 0) >= $0.value.lookups + 2 }
        }
        kill(second.pid, SIGKILL)
        #expect(try await Self.exit(of: second) == 128 + SIGKILL)
        let afterKill = try await Self.checkStore(scratch, run: 2, after: afterTerm)
        nsd.stop()

        // Run 3: the list again, with --rounds one above the most any name has: each name is
        // looked up until it has that many, over all runs, and the run ends by itself.
        nsd = try NSDServer(zones: ["resume.test.": Self.zone(run: 3)])
        defer { nsd.stop() }
        let rounds = (afterKill.values.map(\.lookups).max() ?? 0) + 1
        let third = try ChildProcess(Tool.fluxscope, ["probe", "--domains", list, "--authoritative", "127.0.0.1:\(nsd.port)",
                                                      "--rounds", "\(rounds)"] + common, output: scratch.path("run3.log"))
        #expect(try await Self.exit(of: third, timeout: 120) == 0, "\(Self.log(scratch, 3))")
        #expect(Self.log(scratch, 3).contains("resumed \(Self.names.count) names"))
        let done = try await Self.checkStore(scratch, run: 3, after: afterKill)
        #expect(done.values.allSatisfy { $0.lookups == rounds }, "\(done.values.map(\.lookups))")
    }

    /// A new name is stored first with its first lookup's state; a run stopped before reaching
    /// every name stores the rest (due at once), so the next run without the list has them.
    @Test func aProbeStoppedBeforeReachingEveryNameStoresTheRest() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let list = scratch.path("names.txt")
        try Self.names.joined(separator: "\n").write(toFile: list, atomically: true, encoding: .utf8)
        let nsd = try NSDServer(zones: ["resume.test.": Self.zone(run: 1)])
        defer { nsd.stop() }
        // One lookup at a time, one a second: twelve names take twelve seconds; stop after the
        // first is stored (a started lookup finishes: with more in flight, all twelve start at once).
        let probe = try ChildProcess(Tool.fluxscope, ["probe", "--domains", list, "--authoritative", "127.0.0.1:\(nsd.port)",
                                                      "--db", scratch.url, "--types", "A", "--qps", "1", "--in-flight", "1",
                                                      "--timeout", "1s", "--summary-only"], output: scratch.path("run1.log"))
        let reached = try await Self.waitFor(scratch, probe) { !$0.isEmpty }
        kill(probe.pid, SIGTERM)
        #expect(try await Self.exit(of: probe) == 0, "\(Self.log(scratch, 1))")
        #expect(reached.values.allSatisfy { $0.lookups == 1 })
        let stored = try await Self.checkStore(scratch, run: 1, after: [:])  // every name, lookups == observations
        let unreached = stored.values.filter { $0.lookups == 0 }
        #expect(!unreached.isEmpty && unreached.allSatisfy { $0 == NameSchedule(name: $0.name) })
        #expect(Self.log(scratch, 1).contains("stored \(unreached.count) names not looked up yet"), "\(Self.log(scratch, 1))")
    }

    /// Checks the store after run `run`: every name has a schedule; its lookups equal its
    /// stored A observations (schedules and observations commit together); it has not gone
    /// back from `after`; and the run's first lookup of the name came no earlier than the due
    /// time `after` held for it.
    static func checkStore(_ scratch: Scratch, run: Int, after: [String: NameSchedule]) async throws -> [String: NameSchedule] {
        let store = try await scratch.store()
        #expect(try await store.integrityCheck() == ["ok"])
        let schedules = try await Self.schedules(store)
        #expect(Set(schedules.keys) == Set(Self.names), "run \(run): a name was forgotten")
        for (i, name) in Self.names.enumerated() {
            let s = try #require(schedules[name])
            let sightings = try await store.sightings(named: try DNSName(name)).filter { $0.key.type == .a }
            #expect(sightings.reduce(0) { $0 + $1.count } == s.lookups, "run \(run) \(name): observations and lookups disagree")
            guard let before = after[name] else { continue }
            #expect(s.lookups > before.lookups, "run \(run) \(name) was not looked up")
            let address = try #require(IPv4Address("10.\(run).0.\(i + 1)"))
            let firstThisRun = try #require(sightings.first { $0.key.data == .a(address) }, "run \(run) \(name)")
            #expect(firstThisRun.firstSeen >= before.nextDue - 0.01,
                    "run \(run) \(name): looked up at \(firstThisRun.firstSeen), before its due time \(before.nextDue)")
        }
        try await store.close()
        return schedules
    }

    static func schedules(_ store: any ObservationStore) async throws -> [String: NameSchedule] {
        Dictionary(try await store.allProbeSchedules().map { ($0.name.description, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// Polls the store (which the child writes) until `done` holds; fails after two minutes.
    static func waitFor(_ scratch: Scratch, _ child: ChildProcess,
                        _ done: ([String: NameSchedule]) -> Bool) async throws -> [String: NameSchedule] {
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            try await Task.sleep(for: .milliseconds(200))
            guard child.isRunning else { break }
            guard FileManager.default.fileExists(atPath: scratch.db), let store = try? SQLiteStore(path: scratch.db) else { continue }
            let now = try? await Self.schedules(store)
            try? await store.close()
            if let now, done(now) { return now }
        }
        throw ResumeTestError(reason: "the probe did not get there in time (running: \(child.isRunning))")
    }

    /// Waits for the child to end without holding a cooperative thread.
    static func exit(of child: ChildProcess, timeout: Double = 60) async throws -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let status = child.poll() { return status }
            try await Task.sleep(for: .milliseconds(50))
        }
        child.stop(grace: 1)
        return nil
    }

    static func log(_ scratch: Scratch, _ run: Int) -> String {
        (try? String(contentsOfFile: scratch.path("run\(run).log"), encoding: .utf8)) ?? ""
    }

    struct ResumeTestError: Error, CustomStringConvertible {
        var reason: String
        var description: String { reason }
    }
}
