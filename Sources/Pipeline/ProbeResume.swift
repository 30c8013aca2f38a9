import DNSWire
import FluxModel
import Foundation
import Probe
import Store
import Synchronization

/// Resuming `fluxscope probe` from a store: each name's schedule state (`NameSchedule`) is
/// stored with the observations of its lookups (`ProbeStoreSink`), and read back here a chunk
/// of names at a time, so that memory follows the chunk and the in-flight cap, not the list.
///
/// One pass over the names: `source` hands the prober the names chunk by chunk, each with its
/// stored state (or a fresh one, due at once), the most overdue first within each chunk. A
/// new name is first written with the state its first lookup produced, so a run that looks
/// every name up writes each name's state once. A run that stops before reaching every name
/// (a signal, `--duration`) calls `register` to store a fresh state for each name the store
/// still does not know, so the next run, even without the list, has them all.
public struct ProbeResume: Sendable {
    /// Where the names come from.
    public enum Names: Sendable {
        /// A domains file (one name a line, comments allowed).
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

    /// Stores a fresh state (due at once) for every name the store does not know, one
    /// transaction per chunk, and counts the names that had one; bad lines go to `issue`.
    public func register(issue: (InputIssue) -> Void) async throws -> Registration {
        var r = Registration()
        guard var reader = try NameReader(names) else { return r }  // every stored name is stored
        while true {
            let chunk = reader.read(chunkSize, issue: issue)
            if chunk.isEmpty { return r }
            let stored = Set(try await store.probeSchedules(named: chunk).map(\.name))
            var fresh = SightingBatch()
            var seen = Set<DNSName>()
            for name in chunk where seen.insert(name).inserted {
                if stored.contains(name) { r.resumed += 1 } else { fresh.add(NameSchedule(name: name)) }
            }
            r.registered += fresh.schedules.count
            if !fresh.schedules.isEmpty { try await store.write(fresh, checkpoint: nil) }
        }
    }

    /// The names for the prober with their stored states, a chunk at a time; bad lines come
    /// as issues. Count what it handed out with `counts`.
    public func source() -> StoredNames {
        StoredNames(resume: self)
    }

    /// Where a run's probe clock starts: the wall clock, or the latest stored lookup when a
    /// faster clock (`--time-scale`) ran ahead of it, so that observation times never go
    /// backwards from one run to the next.
    public func clockOrigin(wallNow: Timestamp = ProbeClock.wallNow()) async throws -> Timestamp {
        max(wallNow, try await store.latestProbeLookup() ?? wallNow)
    }

    /// About how many names a run over them probes (the lines of the file, the names given;
    /// 0 for `.stored`, whose names and most of whose sightings are stored already): what
    /// `beginBulkWrite` weighs the store's size against.
    public func expectedNames() throws -> Int {
        switch names {
        case .list(let texts): return texts.count
        case .stored: return 0
        case .file(let path):
            guard let handle = FileHandle(forReadingAtPath: path) else { return 0 }  // the source reports it
            defer { try? handle.close() }
            var lines = 0
            while let block = try handle.read(upToCount: 1 << 20), !block.isEmpty {
                lines += block.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            }
            return lines + 1
        }
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
    /// What the iterators handed out.
    public let counts = Counts()

    /// Names handed out with a stored state (`resumed`) and without one (`fresh`), as the
    /// prober read them.
    public final class Counts: Sendable {
        private let value = Mutex((resumed: 0, fresh: 0))
        public var resumed: Int { value.withLock { $0.resumed } }
        public var fresh: Int { value.withLock { $0.fresh } }
        func add(resumed: Int, fresh: Int) { value.withLock { $0.resumed += resumed; $0.fresh += fresh } }
    }

    /// Starts reading (the first chunk is fetched at once).
    public func makeIterator() throws -> Iterator {
        var iterator = Iterator(resume: resume, reader: try NameReader(resume.names), counts: counts)
        iterator.pending = iterator.fetch()
        return iterator
    }

    /// Hands out the states chunk by chunk, the most overdue first within a chunk, after the
    /// chunk's bad lines.
    public struct Iterator: NameIterator {
        let resume: ProbeResume
        var reader: NameReader?
        let counts: Counts
        var buffer: [Result<NameSchedule, InputIssue>] = []
        var index = 0
        var pending: Prefetch?
        var readerDone = false
        var after: DNSName?

        init(resume: ProbeResume, reader: NameReader?, counts: Counts) {
            self.resume = resume
            self.reader = reader
            self.counts = counts
        }

        /// The next state or bad line, or the store's error as an issue (then the end).
        public mutating func next() -> Result<NameSchedule, InputIssue>? {
            while index >= buffer.count {
                guard let p = pending else { return nil }
                pending = nil
                switch p.wait() {
                case .failure(let error):
                    return .failure(InputIssue(origin: "store", line: 0, text: "", reason: "reading probe schedules failed: \(error)"))
                case .success(let chunk):
                    buffer = chunk.issues.map { .failure($0) } + chunk.schedules.map { .success($0) }
                    index = 0
                    counts.add(resumed: chunk.resumed, fresh: chunk.schedules.count - chunk.resumed)
                    if chunk.more { after = chunk.last; pending = fetch() }
                }
            }
            index += 1
            return buffer[index - 1]
        }

        /// Starts fetching the next chunk, or returns `nil` when the names are exhausted.
        mutating func fetch() -> Prefetch? {
            let store = resume.store, size = resume.chunkSize
            guard reader != nil else {
                let after = self.after
                return Prefetch {
                    let page = try await store.probeSchedules(after: after, limit: size)
                    return Chunk(schedules: Chunk.ordered(page), resumed: page.count, more: page.count == size, last: page.last?.name)
                }
            }
            guard !readerDone else { return nil }
            var issues: [InputIssue] = []
            let names = reader!.read(size, issue: { issues.append($0) })
            readerDone = names.count < size
            if names.isEmpty { return issues.isEmpty ? nil : Prefetch(ready: Chunk(issues: issues, schedules: [], resumed: 0, more: false)) }
            let more = !readerDone
            return Prefetch { [issues] in
                let stored = Dictionary(try await store.probeSchedules(named: names).map { ($0.name, $0) },
                                        uniquingKeysWith: { a, b in a.isLater(than: b) ? a : b })
                var seen = Set<DNSName>()
                var resumed = 0
                let schedules = names.compactMap { name -> NameSchedule? in
                    guard seen.insert(name).inserted else { return nil }
                    guard let s = stored[name] else { return NameSchedule(name: name) }
                    resumed += 1
                    return s
                }
                return Chunk(issues: issues, schedules: Chunk.ordered(schedules), resumed: resumed, more: more)
            }
        }
    }

    /// One chunk of states.
    struct Chunk: Sendable {
        /// Bad lines read with the chunk.
        var issues: [InputIssue] = []
        var schedules: [NameSchedule]
        /// How many of `schedules` were stored.
        var resumed: Int
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
