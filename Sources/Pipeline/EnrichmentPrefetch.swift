import DNSWire
import Dispatch
import Foundation
import Glibc
import Store
import Synchronization

/// Looks addresses up while a file is still being read, so that enrichment does not wait
/// for the end of the batch: the reading thread hands over each address new to its batch
/// (`submit`), a thread of its own looks it up, and the writer takes the answers for the
/// batch it writes (`records(for:)`), looking up itself only what is not answered yet.
///
/// The records are the ones `AddressEnrichment.lookUp` makes, each stamped when it was
/// looked up. Memory is bounded by the batches in flight: an address is held from its
/// submission until a batch that holds it is written (`records(for:)` forgets it, answered
/// or not, and an answer arriving after that is dropped).
final class EnrichmentPrefetch: Sendable {
    private struct State {
        /// Submitted and not yet taken by the thread.
        var queue: [IPAddress] = []
        /// Submitted and not yet taken by a writer (queued, being looked up, or answered).
        var wanted: Set<IPAddress> = []
        var answers: [IPAddress: AddressInfoRecord] = [:]
        var finished = false
    }

    /// Addresses the thread takes from the queue at a time.
    private static let chunk = 256

    private let enrichment: AddressEnrichment
    private let state = Mutex(State())
    private let wake = DispatchSemaphore(value: 0)

    /// Starts the lookup thread; `finish` stops it.
    init(enrichment: AddressEnrichment) {
        self.enrichment = enrichment
        let thread = Thread { [self] in work() }
        thread.name = "fluxscope-enrich"
        thread.start()
    }

    /// Reading side: `address` belongs to the batch being filled. Cheap when already submitted.
    func submit(_ address: IPAddress) {
        let first = state.withLock { s -> Bool in
            guard !s.finished, s.wanted.insert(address).inserted else { return false }
            s.queue.append(address)
            return s.queue.count == 1
        }
        if first { wake.signal() }
    }

    /// Writer side: the records of `addresses` (a batch's distinct addresses): those
    /// answered already, then the rest, looked up on the calling thread.
    func records(for addresses: [IPAddress]) -> [AddressInfoRecord] {
        var records: [AddressInfoRecord] = []
        var missing: [IPAddress] = []
        records.reserveCapacity(addresses.count)
        state.withLock { s in
            for a in addresses {
                if let r = s.answers.removeValue(forKey: a) { records.append(r) } else { missing.append(a) }
                s.wanted.remove(a)
            }
        }
        return records + enrichment.lookUp(missing)
    }

    /// Answers held for a writer to take.
    var answered: Int { state.withLock { $0.answers.count } }

    /// Stops the thread after the lookups it is doing (without waiting for it) and forgets
    /// what was not taken.
    func finish() {
        state.withLock { s in
            s.finished = true
            s.queue.removeAll()
            s.wanted.removeAll()
            s.answers.removeAll()
        }
        wake.signal()
    }

    private func work() {
        // The lowest priority: the lookups take what the decoding and reading threads leave
        // of the cores, instead of lengthening the read (on two cores, both are busy with it).
        // What is not answered when the batch is written is looked up by the writer.
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 19)  // on Linux: the calling thread only
        while true {
            wake.wait()
            while true {
                let queued = state.withLock { s -> [IPAddress]? in
                    if s.finished { return nil }
                    defer { s.queue.removeAll(keepingCapacity: true) }
                    return s.queue
                }
                guard let queued else { return }
                if queued.isEmpty { break }
                for start in stride(from: 0, to: queued.count, by: Self.chunk) {
                    let next = state.withLock { s -> [IPAddress]? in
                        // Not those taken by a writer meanwhile.
                        s.finished ? nil : queued[start..<min(start + Self.chunk, queued.count)].filter { s.wanted.contains($0) }
                    }
                    guard let next else { return }
                    let records = enrichment.lookUp(next)
                    state.withLock { s in
                        for r in records where s.wanted.contains(r.address) { s.answers[r.address] = r }
                    }
                }
            }
        }
    }
}
