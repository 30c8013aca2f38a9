import DNSWire
import FluxModel

/// Reads dig transcripts: the default output of dig 9.x, also with `+nocmd`, `+multiline`,
/// `+nostats`, `+noall +answer`, and `+short` after a `; <<>> DiG` line; many transcripts per
/// file. Every record of the answer, authority and additional sections becomes an
/// observation at the `;; WHEN:` time from the `;; SERVER:` source; error transcripts
/// (`no servers could be reached`) are problems and count as unanswered queries.
public struct DigReader: FormatReader {
    /// Creates the reader.
    public init() {}

    public var format: TextFormat { .dig }

    public func sniff(_ prefix: [UInt8]) -> Bool {
        Sniff.lines(prefix).contains { line in
            line.hasPrefix("; <<>> DiG") || line.hasPrefix(";; ->>HEADER<<-") || line.hasPrefix(";; QUESTION SECTION:")
                || line.hasPrefix(";; Got answer:")
        }
    }

    public func read(_ input: inout LineReader, options: ReadOptions, sources: @escaping SourceResolver,
                     into sink: inout some IngestSink) throws -> ReadSummary {
        var context = ReadContext(file: input.name, format: .dig, options: options, sources: sources)
        var current: DigTranscript?
        while let line = try context.nextLine(&input, into: &sink) {
            try feed(line, current: &current, context: &context, into: &sink)
        }
        if var t = current {
            if t.pendingDepth > 0 {
                try context.problem("truncated", "record in parentheses not closed at the end of the input", line: t.pendingLine, into: &sink)
                t.pending = []
            }
            try DigEmitter.emit(t, context: &context, into: &sink)
        }
        return context.summary
    }

    private func feed(_ line: TextLine, current: inout DigTranscript?, context: inout ReadContext,
                      into sink: inout some IngestSink) throws {
        let text = line.text
        func start(_ command: DigCommandLine?) throws {
            var carried: [String] = []
            if let t = current, !t.isEmpty {
                // dig prints errors on stderr, so in a `2>&1` transcript they may come before
                // the `; <<>> DiG` line of the query they belong to.
                if t.command == nil && !t.hasHeader && t.records.isEmpty && t.shortLines.isEmpty && command != nil {
                    carried = t.errors
                } else {
                    try DigEmitter.emit(t, context: &context, into: &sink)
                }
            }
            current = DigTranscript(startLine: line.number, command: command)
            current!.errors = carried
        }
        if current?.pendingDepth ?? 0 > 0 {
            try continueRecord(text, line: line.number, current: &current, context: &context, into: &sink)
            return
        }
        if text.hasPrefix("; <<>> DiG") { try start(DigCommandLine(text)); return }
        if text.hasPrefix(";; Got answer:") {
            if current == nil || current!.hasHeader || current!.finished { try start(nil) }
            return
        }
        if text.hasPrefix(";; ->>HEADER<<-") {
            if current == nil || current!.hasHeader || current!.finished { try start(nil) }
            if !current!.readHeader(text) {
                try context.problem("bad_header", "cannot read opcode and status", line: line.number, into: &sink)
            }
            return
        }
        if text.hasPrefix(";; connection timed out") || text.contains("no servers could be reached")
            || text.hasPrefix(";; communications error") || text.hasPrefix("dig: ") || (text.hasPrefix(";; Connection to") && text.contains("failed")) {
            if current == nil || current!.finished { try start(nil) }
            current!.errors.append(String(text.drop(while: { $0 == ";" || $0 == " " })))
            return
        }
        if text.hasPrefix(";") {
            try comment(text, line: line.number, current: &current, context: &context, into: &sink)
            return
        }
        if text.allSatisfy({ $0 == " " || $0 == "\t" }) { return }
        if current == nil || current!.finished { try start(nil) }
        try continueRecord(text, line: line.number, current: &current, context: &context, into: &sink)
    }

    private func comment(_ text: String, line: Int, current: inout DigTranscript?, context: inout ReadContext,
                         into sink: inout some IngestSink) throws {
        guard current != nil else { return }
        let sections: [String: Section] = [";; ANSWER SECTION:": .answer, ";; AUTHORITY SECTION:": .authority,
                                           ";; ADDITIONAL SECTION:": .additional]
        if text.hasPrefix(";; QUESTION SECTION:") {
            current!.inQuestion = true
            current!.section = nil
        } else if let s = sections[text] {
            current!.inQuestion = false
            current!.section = s
        } else if text.hasPrefix(";; OPT PSEUDOSECTION:") {
            current!.inQuestion = false
            current!.section = nil
        } else if text.hasPrefix(";; flags:") {
            current!.readFlags(text)
        } else if text.hasPrefix(";; SERVER: ") {
            current!.server = text.dropFirst(11).split(separator: " ").first.map(String.init)
        } else if text.hasPrefix(";; WHEN: ") {
            guard let t = DigTranscript.when(text.dropFirst(9), utcOffset: context.options.utcOffset) else {
                try context.problem("bad_time", "cannot read the time in '\(text)'", line: line, into: &sink)
                return
            }
            current!.when = t
        } else if text.hasPrefix(";; MSG SIZE") {
            current!.finished = true
        } else if current!.inQuestion, !text.hasPrefix(";;") {
            let tokens = (try? PresentationLine(Array(text.dropFirst().utf8)).tokens) ?? []
            guard tokens.count >= 2, let name = try? DNSName(tokens[0].string),
                  let type = RecordType(mnemonic: tokens[tokens.count - 1].string) else {
                try context.problem("bad_question", "cannot read the question '\(text)'", line: line, into: &sink)
                return
            }
            current!.question = (name, type)
            current!.inQuestion = false
        }
    }

    /// A record line, or the next line of one in parentheses, or a `+short` line.
    private func continueRecord(_ text: String, line: Int, current: inout DigTranscript?, context: inout ReadContext,
                                into sink: inout some IngestSink) throws {
        let parsed: PresentationLine
        do throws(DNSWireError) { parsed = try PresentationLine(Array(text.utf8)) } catch {
            current!.pending = []
            current!.pendingDepth = 0
            try context.problem("bad_record", "\(error.reason) in '\(text)'", line: line, into: &sink)
            return
        }
        if current!.pendingDepth == 0 { current!.pendingLine = line }
        current!.pending += parsed.tokens
        current!.pendingDepth += parsed.parenthesesDelta
        guard current!.pendingDepth <= 0 else { return }
        let tokens = current!.pending
        let startLine = current!.pendingLine
        current!.pending = []
        defer { current!.pendingDepth = 0 }
        guard current!.pendingDepth == 0 else {
            try context.problem("bad_record", "')' without '('", line: line, into: &sink)
            return
        }
        guard !tokens.isEmpty else { return }
        // A full record: owner [TTL] [class] type rdata. Otherwise, outside a section, +short.
        if tokens.count >= 3, !tokens[0].quoted, let fields = RecordTokens(tokens.dropFirst()), !fields.rdata.isEmpty {
            do throws(DNSWireError) {
                let owner = try DNSName(tokens[0].string)
                let data = try RData(tokens: fields.rdata, type: fields.type)
                guard current!.records.count < DigTranscript.maxRecords else {
                    current!.dropped += 1
                    return
                }
                current!.records.append(DigTranscript.Record(name: owner, type: fields.type, ttl: fields.ttl, data: data,
                                                             section: current!.section ?? .answer))
            } catch {
                if RData.hasPresentationParser(for: fields.type) || fields.rdata.first?.string == "\\#" {
                    try context.problem("bad_record", "\(error.reason)", line: startLine, into: &sink)
                } else {
                    sink.count(.skippedRecords, 1)
                }
            }
            return
        }
        if current!.hasHeader && current!.section != nil {
            try context.problem("bad_record", "cannot read the record '\(text)'", line: startLine, into: &sink)
            return
        }
        current!.shortLines.append((tokens, startLine))
    }
}
