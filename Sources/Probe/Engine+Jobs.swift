import DNSWire
import FluxModel
import NIOCore

extension Engine {
    /// Starts lookups while fewer than `inFlight` are active and the send queue is short:
    /// due names from the heap first, then new names from the input. The input is read only
    /// this far ahead, so memory follows the in-flight cap, not the list's length.
    func startJobs(_ now: NIODeadline) {
        let probeNow = clock.time(at: now)
        if let endTime, probeNow >= endTime, !stopping {
            stopping = true
            stoppedByDuration = due.count > 0 || input != nil
            due = MinHeap()
        }
        let cap = max(1, config.inFlight)
        // A sink that cannot keep up (a store) holds new lookups back; `armWake` looks again soon.
        heldBySink = !stopping && activeJobs < cap && ready.count < cap && sink.isBacklogged
        while !heldBySink && !stopping && activeJobs < cap && ready.count < cap {
            if let k = due.minKey, k <= probeNow {
                startJob(due.pop()!.value)
            } else if input != nil {
                switch input!.next() {
                case .none: input = nil
                case .some(.failure(let issue)):
                    inputIssues += 1
                    sink.inputIssue(issue)
                case .some(.success(let s)):
                    namesRead += 1
                    // A name resumed from a store may have had all its rounds already.
                    if let rounds = config.rounds, s.lookups >= rounds {
                        namesDone += 1
                    } else if s.nextDue > probeNow { due.push(s.nextDue, s) } else { startJob(s) }
                }
            } else {
                break
            }
        }
        // A paced clock slows while the prober is behind: the longest-due name still waits,
        // or lookups finish late (slow answers, a starved event loop).
        if let pace = clock.pace, !stopping {
            pace.adjust(lag: max(lateness, due.minKey.map { probeNow - $0 } ?? 0), at: now)
        }
    }

    /// True when nothing is left to do.
    var isDone: Bool {
        (input == nil || stopping) && due.isEmpty && activeJobs == 0 && ready.isEmpty
    }

    private func startJob(_ schedule: NameSchedule) {
        var job = Job(schedule: schedule)
        let index: Int
        if let free = freeJobs.popLast() { index = free } else { index = jobs.count; jobs.append(nil) }
        activeJobs += 1
        for type in config.types {
            let q = Question(name: schedule.name, type: type)
            job.asked.append(q)
            job.outstanding += 1
            ready.append(makeRequest(job: index, question: q, purpose: .target))
        }
        jobs[index] = job
        if job.outstanding == 0 { finishJob(index) }
    }

    /// A request for a question, aimed (in authoritative mode) at the deepest zone cut known.
    func makeRequest(job: Int, question: Question, purpose: QueryPurpose, depth: Int = 0) -> Request {
        var r = Request(job: job, question: question, purpose: purpose)
        r.depth = depth
        if !config.modeIsResolver {
            (r.zone, r.candidates) = closestCut(for: question.name)
        }
        return r
    }

    /// After a timeout or a lost connection: asks again (with a doubled timeout) or gives up.
    func retryOrGiveUp(_ slot: Slot, status: QueryStatus) {
        if slot.request.attempt <= config.retries {
            counters.retries += 1
            ready.prepend(slot.request)
        } else {
            if status == .timeout { counters.gaveUp += 1 }
            finishQuestion(slot.request, status: status, server: slot.server, rtt: nil, digest: nil, authoritative: false,
                           transport: slot.request.tcp ? .tcp : .udp)
        }
    }

    /// Delivers a question's result and asks its follow-ups; ends the lookup when it was
    /// the last question outstanding.
    func finishQuestion(_ request: Request, status: QueryStatus, server: Int, rtt: Double?, digest: ResponseDigest?,
                        authoritative: Bool, transport: ProbeTransport = .udp) {
        guard var job = jobs[request.job] else { return }
        results.append(result(of: request, probedName: job.schedule.name, purpose: request.purpose, server: server,
                              status: status, rtt: rtt, digest: digest, authoritative: authoritative, transport: transport))
        if let parent = request.parent?.request {
            // A name server's address, looked up to continue an iteration.
            jobs[request.job] = job
            resume(parent, with: digest?.addresses ?? [])
            return
        }
        if let digest, case .answered(let rcode) = status {
            if request.purpose == .target || request.purpose == .cnameTarget {
                if rcode == .noError || rcode == .nxDomain { job.answered = true }
                if let t = digest.answerTTL { job.ttl = min(job.ttl ?? t, t) }
                if let t = digest.negativeTTL { job.negativeTTL = min(job.negativeTTL ?? t, t) }
            }
            followUps(request, digest, &job)
        }
        job.outstanding -= 1
        jobs[request.job] = job
        if job.outstanding == 0 { finishJob(request.job) }
    }

    /// The result of a question, with the response's records as its bytes when it parsed
    /// without error (else as values); counts its observations.
    func result(of request: Request, probedName: DNSName, purpose: QueryPurpose, server: Int, status: QueryStatus,
                rtt: Double?, digest: ResponseDigest?, authoritative: Bool, transport: ProbeTransport) -> ProbeResult {
        counters.observations += digest?.recordCount ?? 0
        // Observations carry the time the response arrived; a result without any, the time now.
        let time = digest.flatMap { $0.recordCount > 0 ? $0.time : nil } ?? clock.now()
        if let digest, let response = digest.response {
            return ProbeResult(probedName: probedName, question: request.question, purpose: purpose,
                               server: servers[server], source: SourceID(server), status: status, time: time, rtt: rtt,
                               attempts: request.attempt, transport: transport, authoritative: authoritative,
                               response: response, recordCount: digest.recordCount, outcome: digest.outcome)
        }
        return ProbeResult(probedName: probedName, question: request.question, purpose: purpose, server: servers[server],
                           status: status, time: time, rtt: rtt, attempts: request.attempt, transport: transport,
                           authoritative: authoritative, observations: digest?.observations ?? [],
                           outcome: digest?.outcome)
    }

    /// CNAME targets, NS host addresses and PTR names to ask next, each once per lookup.
    private func followUps(_ request: Request, _ digest: ResponseDigest, _ job: inout Job) {
        var next: [(Question, QueryPurpose)] = []
        if digest.incompleteChain {
            next.append((Question(name: digest.chainEnd, type: request.question.type), .cnameTarget))
        }
        if config.resolveNSHosts && request.question.type == .ns && request.purpose != .nsHost {
            for host in digest.nsHosts.prefix(16) {
                next.append((Question(name: host, type: .a), .nsHost))
                next.append((Question(name: host, type: .aaaa), .nsHost))
            }
        }
        if config.ptr && request.purpose != .ptr {
            for address in digest.addresses.prefix(64) {
                next.append((Question(name: address.reverseName, type: .ptr), .ptr))
            }
        }
        for (q, purpose) in next where !job.asked.contains(q) {
            job.asked.append(q)
            job.outstanding += 1
            ready.append(makeRequest(job: request.job, question: q, purpose: purpose))
        }
    }

    /// Ends one name's lookup: its next due time by TTL, and another round if any is left.
    func finishJob(_ index: Int) {
        guard let job = jobs[index] else { return }
        jobs[index] = nil
        freeJobs.append(index)
        activeJobs -= 1
        counters.lookupsDone += 1
        let now = clock.now()
        if clock.pace != nil, job.schedule.lookups > 0 { lateness = now - job.schedule.nextDue }
        let state = config.schedule.next(after: job.schedule, ttl: job.ttl ?? job.negativeTTL,
                                         failed: !job.answered, now: now)
        schedules.append(state)
        let roundsLeft = config.rounds.map { state.lookups < $0 } ?? true
        let inTime = endTime.map { state.nextDue < $0 } ?? true
        if roundsLeft && inTime && !stopping && (config.rounds != nil || endTime != nil) {
            due.push(state.nextDue, state)
        } else if roundsLeft && !inTime && config.rounds != nil {
            stoppedByDuration = true
        }
    }

    /// Hands batched results and schedule states to the sink.
    func flushSink() {
        guard !results.isEmpty || !schedules.isEmpty else { return }
        sink.deliver(results, schedules: schedules)
        results.removeAll(keepingCapacity: true)
        schedules.removeAll(keepingCapacity: true)
    }
}
