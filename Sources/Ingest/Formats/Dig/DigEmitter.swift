import DNSWire
import FluxModel

/// Turns a finished dig transcript into observations, an outcome, counters and problems.
enum DigEmitter {
    static func emit(_ t: DigTranscript, context: inout ReadContext, into sink: inout some IngestSink) throws {
        let time = t.when ?? context.options.snapshotTime
        let serverName = t.server ?? t.command?.server ?? context.file
        if !t.hasHeader && t.records.isEmpty && t.shortLines.isEmpty {
            if t.errors.isEmpty {
                try context.problem("truncated", "transcript with no response and no error (cut short?)", line: t.startLine, into: &sink)
            } else {
                sink.count(.unansweredQueries, 1)
                let name = t.command?.name.map { " for \($0)" } ?? ""
                try context.problem("dig_error", "no response\(name): \(t.errors.joined(separator: "; "))", line: t.startLine, into: &sink)
            }
            return
        }
        if t.dropped > 0 {
            try context.problem("transcript_too_large", "\(t.dropped) records past the first \(DigTranscript.maxRecords) of one transcript were dropped",
                                line: t.startLine, into: &sink)
        }
        let answers = t.records.filter { $0.section == .answer }.count
        let authority = t.records.filter { $0.section == .authority }.count
        if t.hasHeader, let n = t.declaredAnswers, n != answers || (t.declaredAuthority.map { $0 != authority } ?? false) {
            try context.problem("truncated", "the header declares \(n) answer and \(t.declaredAuthority ?? 0) authority records, the transcript holds \(answers) and \(authority)",
                                line: t.startLine, into: &sink)
            return
        }
        guard let time else {
            try context.problem("no_time", "transcript without a ';; WHEN:' line (+nostats, +short?); give the time with the snapshot time option",
                                line: t.startLine, into: &sink)
            return
        }
        let source = try context.source(.dig, serverName)
        if t.hasHeader {
            sink.count(.messages, 1)
            sink.count(.responses, 1)
            guard t.opcode == "QUERY" else {
                context.accepted()
                sink.count(.skippedRecords, t.records.count)
                return
            }
            if let q = t.question ?? t.command?.name.map({ ($0, t.command!.type) }), let rcode = t.rcode, rcode != .noError || answers == 0 {
                sink.outcome(Outcome(name: q.0, type: q.1, rcode: rcode, time: time, source: source))
            }
        } else if t.records.isEmpty {
            try emitShort(t, time: time, source: source, context: &context, into: &sink)
            return
        }
        context.accepted()
        for r in t.records {
            sink.observe(Observation(name: r.name, type: r.type, data: r.data, ttl: r.ttl, section: r.section, time: time, source: source))
        }
    }

    /// `+short`: rdata only, so the owner and type come from the DiG line. Lines that are not
    /// data of the query type but a single name are taken as the CNAME chain dig prints first.
    static func emitShort(_ t: DigTranscript, time: Timestamp, source: SourceID, context: inout ReadContext,
                          into sink: inout some IngestSink) throws {
        guard let command = t.command, let query = command.name else {
            try context.problem("no_query_name", "+short output without a '; <<>> DiG … name' line: the owner is unknown",
                                line: t.shortLines.first?.line ?? t.startLine, into: &sink)
            return
        }
        context.accepted()
        sink.count(.messages, 1)
        sink.count(.responses, 1)
        var owner = query
        for (tokens, line) in t.shortLines {
            if let data = try? RData(tokens: tokens, type: command.type) {
                sink.observe(Observation(name: owner, type: command.type, data: data, ttl: nil, section: .answer, time: time, source: source))
            } else if tokens.count == 1, let target = try? DNSName(tokens[0].string), command.type != .cname {
                sink.observe(Observation(name: owner, type: .cname, data: .name(target), ttl: nil, section: .answer, time: time, source: source))
                owner = target
            } else {
                try context.problem("bad_record", "'\(tokens.map(\.description).joined(separator: " "))' is not \(command.type) data",
                                    line: line, into: &sink)
            }
        }
    }
}
