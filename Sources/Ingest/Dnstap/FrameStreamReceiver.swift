import NIOCore

/// What the Frame Streams receiver passes on: data frame payloads, and problems.
enum FrameStreamOutput {
    case data(ByteBuffer)
    case problem(DnstapError)
}

/// The receiving end of a bidirectional Frame Streams connection (fstrm protocol) carrying
/// dnstap: answers READY with ACCEPT for `protobuf:dnstap.Dnstap`, takes START, passes data
/// frames on as `ByteBuffer` slices of the input (no copies), and answers STOP with FINISH,
/// then closes. A sender that skips READY and starts with START (unidirectional) is accepted
/// too. Frames over the size limit, malformed control frames, a wrong content type or data
/// before START are reported and the connection is closed: a byte stream that has lost its
/// frame boundaries cannot be resynchronised.
struct FrameStreamReceiver: ByteToMessageDecoder {
    typealias InboundOut = FrameStreamOutput

    enum State: Equatable { case awaitingReady, awaitingStart, streaming, finished, failed }

    private(set) var state = State.awaitingReady
    let parser: FrameStreamParser

    init(maxFrameLength: Int) {
        parser = FrameStreamParser(maxFrameLength: maxFrameLength)
    }

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard state != .failed, state != .finished else {
            buffer.moveReaderIndex(to: buffer.writerIndex)  // Discard whatever still arrives.
            return .needMoreData
        }
        let step: (item: FrameStreamParser.Item, consumed: Int)?
        do {
            step = try buffer.withUnsafeReadableBytes { bytes throws(DnstapError) in try parser.next(bytes) }
        } catch {
            fail(error, context: context, buffer: &buffer)
            return .needMoreData
        }
        guard let (item, consumed) = step else { return .needMoreData }
        switch item {
        case .data(let range):
            guard state == .streaming else {
                fail(DnstapError(.unexpectedControl, "data frame before START"), context: context, buffer: &buffer)
                return .needMoreData
            }
            let frame = buffer.getSlice(at: buffer.readerIndex + range.lowerBound, length: range.count)!
            buffer.moveReaderIndex(forwardBy: consumed)
            context.fireChannelRead(wrapInboundOut(.data(frame)))
        case .control(let control):
            buffer.moveReaderIndex(forwardBy: consumed)
            handle(control, context: context, buffer: &buffer)
        case .oversized(let length):
            fail(DnstapError(.frameTooLarge, "data frame of \(length) octets exceeds \(parser.maxFrameLength); closing"),
                 context: context, buffer: &buffer)
            return .needMoreData
        }
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        if buffer.readableBytes > 0, state != .failed, state != .finished {
            let problem = DnstapError(.truncated, "connection ended \(buffer.readableBytes) octets into a frame")
            context.fireChannelRead(wrapInboundOut(.problem(problem)))
            buffer.moveReaderIndex(to: buffer.writerIndex)
        }
        return .needMoreData
    }

    private mutating func handle(_ control: FrameStreamControl, context: ChannelHandlerContext, buffer: inout ByteBuffer) {
        switch (control.kind, state) {
        case (.ready, .awaitingReady):
            guard control.allowsDnstap else { return wrongType(control, context: context, buffer: &buffer) }
            send(FrameStreamControl(.accept, contentTypes: [FrameStreamControl.dnstapContentType]), context: context)
            state = .awaitingStart
        case (.start, .awaitingReady), (.start, .awaitingStart):
            guard control.allowsDnstap else { return wrongType(control, context: context, buffer: &buffer) }
            state = .streaming
        case (.stop, .streaming):
            state = .finished
            let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
            context.writeAndFlush(wrapOutbound(FrameStreamControl(.finish))).whenComplete { _ in
                bound.value.close(promise: nil)
            }
        default:
            fail(DnstapError(.unexpectedControl, "\(control.kind) control frame while \(state)"), context: context, buffer: &buffer)
        }
    }

    private mutating func wrongType(_ control: FrameStreamControl, context: ChannelHandlerContext, buffer: inout ByteBuffer) {
        let named = control.contentTypes.map { String(decoding: $0, as: UTF8.self) }.joined(separator: ", ")
        fail(DnstapError(.wrongContentType, "\(control.kind) offers \(named), not protobuf:dnstap.Dnstap"),
             context: context, buffer: &buffer)
    }

    private func send(_ control: FrameStreamControl, context: ChannelHandlerContext) {
        context.writeAndFlush(wrapOutbound(control), promise: nil)
    }

    private func wrapOutbound(_ control: FrameStreamControl) -> NIOAny {
        NIOAny(ByteBuffer(bytes: control.encoded()))
    }

    /// Reports `error`, discards the rest of the input and closes the connection.
    private mutating func fail(_ error: DnstapError, context: ChannelHandlerContext, buffer: inout ByteBuffer) {
        state = .failed
        buffer.moveReaderIndex(to: buffer.writerIndex)
        context.fireChannelRead(wrapInboundOut(.problem(error)))
        context.close(promise: nil)
    }
}
