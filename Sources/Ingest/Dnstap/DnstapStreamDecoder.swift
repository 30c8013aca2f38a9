import FluxModel

/// The reading side of one unidirectional Frame Streams stream holding dnstap (a file):
/// START with the dnstap content type, data frames, STOP; possibly several such runs.
/// Fed bytes as they come; reports problems to the sink and keeps going where it can:
/// a bad dnstap payload is skipped, an oversized frame is skipped by its declared length,
/// and a stream that cannot be followed any more (bad control frame, wrong content type,
/// data with no START) ends the reading with a problem that says so.
struct DnstapStreamDecoder {
    enum Phase: Equatable { case beforeStart, inStream, afterStop, failed }

    private(set) var phase = Phase.beforeStart
    let parser: FrameStreamParser
    let file: String
    let options: ReadOptions
    let messageTypes: Set<DnstapMessageType>?
    var sources: DnstapSources
    /// Payload octets of an oversized frame still to be skipped.
    private var skip = 0
    /// Data frames read, for stats.
    private(set) var frames = 0

    init(file: String, options: ReadOptions, maxFrameLength: Int, messageTypes: Set<DnstapMessageType>?,
         resolver: @escaping SourceResolver) {
        self.file = file
        self.options = options
        self.parser = FrameStreamParser(maxFrameLength: maxFrameLength)
        self.messageTypes = messageTypes
        self.sources = DnstapSources(fallbackName: file, resolver: resolver)
    }

    /// Reads the whole frames at the front of `bytes` (which start at input offset `base`).
    /// - Returns: How many octets were used; the rest are the start of an unfinished frame.
    mutating func consume<Sink: IngestSink>(_ bytes: UnsafeRawBufferPointer, base: Int, into sink: inout Sink) throws -> Int {
        var p = 0
        while p < bytes.count, phase != .failed {
            if skip > 0 {
                let n = min(skip, bytes.count - p)
                skip -= n
                p += n
                continue
            }
            let rest = UnsafeRawBufferPointer(rebasing: bytes[p...])
            let step: (item: FrameStreamParser.Item, consumed: Int)?
            do {
                step = try parser.next(rest)
            } catch {
                try fail(DnstapError(error.kind, at: base + p, "\(error.reason); the stream cannot be followed past it"), &sink)
                break
            }
            guard let step else { break }
            try handle(step.item, payload: rest, at: base + p, into: &sink)
            p += step.consumed
        }
        return p
    }

    /// Says what is wrong with how the input ended: inside a frame, or without STOP.
    mutating func finish<Sink: IngestSink>(leftover: Int, at offset: Int, into sink: inout Sink) throws {
        guard phase != .failed else { return }
        if skip > 0 || leftover > 0 {
            let what = skip > 0 ? "\(skip) octets short of the end of an oversized frame" : "\(leftover) octets of an unfinished frame"
            try report(DnstapError(.truncated, at: offset, "input ends \(what)"), &sink)
        } else if phase == .beforeStart {
            try report(DnstapError(.truncated, at: offset, "input has no Frame Streams START"), &sink)
        } else if phase == .inStream {
            try report(DnstapError(.truncated, at: offset, "input ends without STOP (the writer may have been stopped)"), &sink)
        }
    }

    private mutating func handle<Sink: IngestSink>(_ item: FrameStreamParser.Item, payload: UnsafeRawBufferPointer,
                                                  at offset: Int, into sink: inout Sink) throws {
        switch item {
        case .control(let c):
            try control(c, at: offset, &sink)
        case .oversized(let length):
            skip = length
            try report(DnstapError(.frameTooLarge, at: offset,
                                   "data frame of \(length) octets exceeds \(parser.maxFrameLength); skipped"), &sink)
        case .data(let range):
            guard phase == .inStream else {
                let why = phase == .beforeStart ? "before START" : "after STOP"
                try fail(DnstapError(.unexpectedControl, at: offset, "data frame \(why); not a Frame Streams stream that can be followed"), &sink)
                return
            }
            frames += 1
            // One data frame is one record for batching and resuming, whatever became of it.
            defer { sink.endOfRecord() }
            let event: DnstapEvent
            do {
                event = try DnstapEvent.decode(frame: UnsafeRawBufferPointer(rebasing: payload[range]))
            } catch {
                try report(DnstapError(error.kind, at: offset, error.reason), &sink)
                return
            }
            if let messageTypes, !messageTypes.contains(event.type) { return }
            let source = try sources.id(for: event)
            event.emit(source: source, clients: options.clients, file: file, offset: offset, into: &sink)
            if options.strict, let e = event.wireError {
                throw IngestProblem(file: file, offset: offset, kind: e.kind.name, reason: e.description)
            }
            if options.strict, let a = event.anomalies.first { throw a.problem(file: file) }
        }
    }

    private mutating func control<Sink: IngestSink>(_ c: FrameStreamControl, at offset: Int, _ sink: inout Sink) throws {
        switch (c.kind, phase) {
        case (.start, .beforeStart), (.start, .afterStop):
            guard c.allowsDnstap else {
                let named = c.contentTypes.map { String(decoding: $0, as: UTF8.self) }.joined(separator: ", ")
                try fail(DnstapError(.wrongContentType, at: offset, "START names content type \(named), not protobuf:dnstap.Dnstap"), &sink)
                return
            }
            phase = .inStream
        case (.stop, .inStream):
            phase = .afterStop
        case (.ready, .beforeStart), (.accept, .beforeStart):
            break  // A recorded bidirectional handshake: harmless.
        default:
            try report(DnstapError(.unexpectedControl, at: offset, "\(c.kind) control frame where the stream is \(phase); ignored"), &sink)
        }
    }

    private func report<Sink: IngestSink>(_ e: DnstapError, _ sink: inout Sink) throws {
        let problem = e.problem(file: file)
        sink.problem(problem)
        if options.strict { throw problem }
    }

    private mutating func fail<Sink: IngestSink>(_ e: DnstapError, _ sink: inout Sink) throws {
        phase = .failed
        try report(e, &sink)
    }
}
