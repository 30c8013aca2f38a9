import DNSWire
import FluxModel
import Foundation
import Probe
import Store

/// Resuming `fluxscope probe` from a store: each name's schedule state (`NameSchedule`) is
/// stored with the observations of its lookups (`ProbeStoreSink`), and read back here a chunk
/// of names at a time, so that memory follows the chunk and the in-flight cap, not the list.
///
/// Two passes over the names: `register` (before the probe) reads them chunk by chunk,
/// reports bad lines, and stores a fresh state (due at once) for every name the store does
/// not know, so a probe stopped before reaching them still has them next time; `source` then
/// hands the prober the names again, chunk by chunk, each with its stored state, the most
/// overdue first within each chunk.
public struct ProbeResume: Sendable {
    /// Where the names come from.
    public enum Names: Sendable {
        /// A domains file (one name a line, comments allowed), read twice.
        case file(String)
        /// Names given as arguments.
        case list([String])
        /// Every name stored in the store.
        case stored
    }

    /// What `register` found.
    public struct Registration: Sendable, Hashable {
        /// Names that had a stored state.
        public var resumed = 0
        /// Names new to the store (now registered, due at once).
        public var registered = 0
        /// The latest lookup of any of the names, if any had one.
        public var latestLookup: Timestamp?
        /// Per chunk of names read (in order): true when none of its names had a stored state,
        /// so every state in it is the fresh one `register` stored and the second pass need
        /// not read it back. One flag per chunk (100 for a million names at 10,000 a chunk).
        public var chunksAllNew: [Bool] = []

        /// Where a resumed run's probe clock starts: the wall clock, or the latest stored
        /// lookup when a faster clock (`--time-scale`) ran ahead of it, so that observation
        /// times never go backwards from one run to the next.
        public func clockOrigin(wallNow: Timestamp = ProbeClock.wallNow()) -> Timestamp {
            max(wallNow, latestLookup ?? wallNow)
        }
    }

    /// The store.
    public var store: any ObservationStore
    /// The names.
    public var names: Names
    /// Names read (and states fetched) at a time.
    public var chunkSize: Int

    /// Creates a resume over `names` in `store`.
    public init(store: any ObservationStore, names: Names, chunkSize: Int = 10_000) {
        self.store = store
        self.names = names
        self.chunkSize = max(1, chunkSize)
    }

    /// The first pass: counts the names with a stored state and registers the others (one
    /// transaction per chunk); bad lines go to `issue`.
    public func register(issue: (InputIssue) -> Void) async throws -> Registration {
        var r = Registration()
        func note(_ s: NameSchedule) {
            if let t = s.lastLookup { r.latestLookup = max(r.latestLookup ?? t, t) }
        }
        guard var reader = try NameReader(names) else {
            var after: DNSName?
            while true {
                let page = try await store.probeSchedules(after: after, limit: chunkSize)
                r.resumed += page.count
                page.forEach(note)
                guard page.count == chunkSize, let last = page.last else { return r }
                after = last.name
            }
        }
        while true {
            let chunk = reader.read(chunkSize, issue: issue)
            if chunk.isEmpty { return r }
            let stored = Dictionary(try await store.probeSchedules(named: chunk).map { ($0.name, $0) },
                                    uniquingKeysWith: { a, b in a.isLater(than: b) ? a : b })
            var fresh = SightingBatch()
            var seen = Set<DNSName>()
            for name in chunk where seen.insert(name).inserted {
                if let s = stored[name] {
                    r.resumed += 1
                    note(s)
                } else {
                    fresh.add(NameSchedule(name: name))
                }
            }
            r.registered += fresh.schedules.count
            r.chunksAllNew.append(stored.isEmpty)
            if !fresh.schedules.isEmpty { try await store.write(fresh, checkpoint: nil) }
        }
    }

    /// The second pass, for the prober: the names with their stored states, a chunk at a time.
    /// Given the first pass's `registration`, chunks whose names were all new to the store
    /// are not read back (their states are the fresh ones `register` wrote); the store must
    /// not be written by anyone else between the passes.
    public func source(after registration: Registration? = nil) -> StoredNames {
        StoredNames(resume: self, allNew: registration?.chunksAllNew ?? [])
    }
}

/// Reads names from a domains file or a list, skipping (and reporting) bad ones.
struct NameReader {
    private var file: DomainFile.Iterator?
    private var list: [String]
    private var index = 0

    /// `nil` for `.stored` (no names given).
    init?(_ names: ProbeResume.Names) throws {
        switch names {
        case .file(let path): file = try DomainFile(path: path).makeIterator(); list = []
        case .list(let texts): list = texts
        case .stored: return nil
        }
    }

    /// Up to `count` names; fewer only at the end.
    mutating func read(_ count: Int, issue: (InputIssue) -> Void) -> [DNSName] {
        var names: [DNSName] = []
        names.reserveCapacity(min(count, 1 << 16))
        while names.count < count {
            if file != nil {
                guard let entry = file!.next() else { break }
                switch entry {
                case .success(let s): names.append(s.name)
                case .failure(let i): issue(i)
                }
            } else {
                guard index < list.count else { break }
                index += 1
                let (parsed, issues) = NameList.parsing([list[index - 1]])
                for var i in issues { i.line = index; issue(i) }
                names += parsed.entries.map(\.name)
            }
        }
        return names
    }
}

/// The names of a `ProbeResume`, each with its stored state (or a fresh one), read a chunk
/// at a time: the next chunk is fetched from the store while the prober works on the
/// current one, so the prober waits only when the store is slower than the probe.
public struct StoredNames: NameSource {
    let resume: ProbeResume
    /// Per chunk: true when `register` found none of its names stored (no read needed).
    let allNew: [Bool]

    /// Starts reading (the first chunk is fetched at once).
    public func makeIterator() throws -> Iterator {
        var iterator = Iterator(resume: resume, reader: try NameReader(resume.names), allNew: allNew)
        iterator.pending = iterator.fetch()
        return iterator
    }

    /// Hands out the states chunk by chunk, the most overdue first within a chunk.
    public struct Iterator: NameIterator {
        let resume: ProbeResume
        var reader: NameReader?
        var buffer: [NameSchedule] = []
        var index = 0
        var pending: Prefetch?
        var readerDone = false
        var after: DNSName?
        let allNew: [Bool]
        var chunkIndex = 0

        init(resume: ProbeResume, reader: NameReader?, allNew: [Bool]) {
            self.resume = resume
            self.reader = reader
            self.allNew = allNew
        }

        /// The next state, or the store's error as an issue (then the end).
        public mutating func next() -> Result<NameSchedule, InputIssue>? {
            while index >= buffer.count {
                guard let p = pending else { return nil }
                pending = nil
                switch p.wait() {
                case .failure(let error):
                    return .failure(InputIssue(origin: "store", line: 0, text: "", reason: "reading probe schedules failed: \(error)"))
                case .success(let chunk):
                    buffer = chunk.schedules
                    index = 0
                    if chunk.more { after = chunk.last; pending = fetch() }
                }
            }
            index += 1
            return .success(buffer[index - 1])
        }

        /// Starts fetching the next chunk, or returns `nil` when the names are exhausted.
        mutating func fetch() -> Prefetch? {
            let store = resume.store, size = resume.chunkSize
            guard reader != nil else {
                let after = self.after
                return Prefetch {
                    let page = try await store.probeSchedules(after: after, limit: size)
                    return Chunk(schedules: Chunk.ordered(page), more: page.count == size, last: page.last?.name)
                }
            }
            guard !readerDone else { return nil }
            // Bad lines were reported by `register`; here they are skipped quietly.
            let names = reader!.read(size, issue: { _ in })
            readerDone = names.count < size
            if names.isEmpty { return nil }
            let more = !readerDone
            defer { chunkIndex += 1 }
            if chunkIndex < allNew.count, allNew[chunkIndex] {
                // Registered fresh by the first pass: nothing stored to read back.
                var seen = Set<DNSName>()
                let schedules = names.compactMap { seen.insert($0).inserted ? NameSchedule(name: $0) : nil }
                return Prefetch(ready: Chunk(schedules: Chunk.ordered(schedules), more: more, last: nil))
            }
            return Prefetch {
                let stored = Dictionary(try await store.probeSchedules(named: names).map { ($0.name, $0) },
                                        uniquingKeysWith: { a, b in a.isLater(than: b) ? a : b })
                var seen = Set<DNSName>()
                let schedules = names.compactMap { name in seen.insert(name).inserted ? stored[name] ?? NameSchedule(name: name) : nil }
                return Chunk(schedules: Chunk.ordered(schedules), more: more, last: nil)
            }
        }
    }

    /// One chunk of states.
    struct Chunk: Sendable {
        var schedules: [NameSchedule]
        var more: Bool
        var last: DNSName?

        /// Most overdue first (fewer lookups first among equally due).
        static func ordered(_ s: [NameSchedule]) -> [NameSchedule] {
            s.sorted { ($0.nextDue, $0.lookups) < ($1.nextDue, $1.lookups) }
        }
    }

    /// One chunk being fetched by a task while the prober works.
    ///
    /// `@unchecked Sendable`: `result` is written once, by the task, before it signals `done`;
    /// the one reader reads it only after `wait()` returns, and the semaphore orders the two.
    final class Prefetch: @unchecked Sendable {
        private let done = DispatchSemaphore(value: 0)
        private var result: Result<Chunk, any Error>?

        /// A chunk that needs no store read.
        init(ready chunk: Chunk) {
            result = .success(chunk)
            done.signal()
        }

        init(_ work: @escaping @Sendable () async throws -> Chunk) {
            Task {
                let r: Result<Chunk, any Error>
                do { r = .success(try await work()) } catch { r = .failure(error) }
                self.result = r
                self.done.signal()
            }
        }

        /// Blocks until the chunk is there (at once when the prefetch is ahead).
        func wait() -> Result<Chunk, any Error> {
            done.wait()
            return result!
        }
    }
}
