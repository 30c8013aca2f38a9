import NIOCore

extension Engine {
    /// Expires every attempt whose deadline passed; stale entries (answered questions) are
    /// recognised by their generation and skipped.
    func expireTimeouts(_ now: NIODeadline) {
        while let k = timeouts.minKey, k <= now {
            let key = timeouts.pop()!.value
            let slotIndex = Int(key & 0xFFFF_FFFF)
            guard let slot = slots[slotIndex], UInt64(slot.generation) == key >> 32 else { continue }
            if let conn = slot.connection {
                conn.ids[slot.id] = nil
            } else {
                udp.ids[slot.socket][Int(slot.id)] = -1
            }
            counters.timeouts += 1
            release(slotIndex)
            retryOrGiveUp(slot, status: .timeout)
        }
    }

    /// Arms one timer for the earliest of: the next timeout, the next due name (if a lookup
    /// could start), the next token (if questions wait for one).
    func armWake(_ now: NIODeadline) {
        var at = timeouts.minKey
        if !stopping, activeJobs < max(1, config.inFlight), let due = due.minKey {
            let d = clock.deadline(for: due)
            at = at.map { min($0, d) } ?? d
        }
        if let endTime, !stopping {
            let d = clock.deadline(for: endTime)
            at = at.map { min($0, d) } ?? d
        }
        if heldBySink {
            // Held back by the sink: look again in 10 ms.
            let t = now + .milliseconds(10)
            at = at.map { min($0, t) } ?? t
        }
        if !ready.isEmpty && !freeSlots.isEmpty {
            // Blocked by a token bucket: come back when a token is there.
            var t = now + .milliseconds(1)
            if let g = globalBucket { t = max(t, g.nextToken(after: now)) }
            at = at.map { min($0, t) } ?? t
        }
        guard let at else { return }
        let target = max(at, now)
        if let wake, wake.at <= target, wake.at > now { return }
        wake?.task.cancel()
        let task = loop.assumeIsolated().scheduleTask(deadline: target) { [self] in
            self.wake = nil
            self.pump()
        }
        wake = (target, task)
    }

    /// Reports progress twice a second (and pumps, as a safety net) until the run ends.
    func scheduleProgress() {
        progressTask = loop.assumeIsolated().scheduleTask(in: .milliseconds(500)) { [self] in
            guard !self.finished else { return }
            self.reportProgress()
            self.pump()
            self.scheduleProgress()
        }
    }

    /// Sends a counters snapshot to the sink.
    func reportProgress() {
        var snapshot = counters
        snapshot.inFlight = slots.count - freeSlots.count
        snapshot.elapsed = elapsed()
        sink.progress(snapshot)
    }
}
