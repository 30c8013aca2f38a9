import CPcap

/// Captures DNS from a live interface through libpcap, decoding like ``CaptureFileReader``.
///
/// ```swift
/// let capture = try LiveCapture(interface: "eth0")
/// let stopper = capture.stopper
/// Task { try await Task.sleep(for: .seconds(60)); stopper.stop() }
/// try capture.run { message in … }   // blocks until stopped
/// ```
public final class LiveCapture {
    /// The interface captured on.
    public let interface: String
    /// The BPF filter installed in the kernel.
    public let filter: String
    /// The interface's link-layer type.
    public let linkType: LinkType
    /// Stops ``run(_:)`` from any task, thread or signal handler.
    public let stopper: CaptureStopper
    private let handle: OpaquePointer
    private var decoder: FrameDecoder

    /// The default filter for a set of ports: the ports, plus IP fragments (only the first
    /// fragment of a datagram carries its ports).
    public static func defaultFilter(ports: Set<UInt16>) -> String {
        let list = ports.sorted().map { "port \($0)" }.joined(separator: " or ")
        return "\(list.isEmpty ? "port 53" : list) or (ip[6:2] & 0x3fff != 0) or (ip6 and ip6[6] == 44)"
    }

    /// Opens and activates an interface: snapshot length 65535, immediate delivery, not
    /// promiscuous unless asked, nanosecond timestamps where the interface offers them.
    /// - Parameters:
    ///   - filter: a BPF filter (`pcap-filter(7)`); `nil` builds one from the DNS ports.
    ///   - bufferSize: the kernel buffer in bytes; `nil` keeps libpcap's default.
    /// - Throws: ``CaptureError`` `cannotActivate` or `badFilter`.
    public init(interface: String, filter: String? = nil, promiscuous: Bool = false,
                bufferSize: Int? = nil, options: CaptureOptions = CaptureOptions()) throws {
        var errbuf = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE) + 1)
        guard let handle = pcap_create(interface, &errbuf) else {
            throw CaptureError(.cannotActivate, pcapErrorString(errbuf), subject: interface)
        }
        var ok = false
        defer { if !ok { pcap_close(handle) } }
        pcap_set_snaplen(handle, 65535)
        pcap_set_promisc(handle, promiscuous ? 1 : 0)
        pcap_set_immediate_mode(handle, 1)
        pcap_set_timeout(handle, 100)
        if let bufferSize { pcap_set_buffer_size(handle, Int32(clamping: bufferSize)) }
        _ = pcap_set_tstamp_precision(handle, Int32(PCAP_TSTAMP_PRECISION_NANO))
        let status = pcap_activate(handle)
        guard status >= 0 else {
            let detail = String(cString: pcap_statustostr(status))
            let message = String(cString: pcap_geterr(handle))
            throw CaptureError(.cannotActivate, message.isEmpty ? detail : "\(detail): \(message)",
                               subject: interface)
        }
        let link = LinkType(rawValue: pcap_datalink(handle))
        guard link.isSupported else {
            throw CaptureError(.unsupportedLinkType, "link type \(link.rawValue) is not decoded",
                               subject: interface)
        }
        let text = filter ?? LiveCapture.defaultFilter(ports: options.dnsPorts)
        var program = bpf_program()
        guard pcap_compile(handle, &program, text, 1, PCAP_NETMASK_UNKNOWN) == 0 else {
            throw CaptureError(.badFilter, String(cString: pcap_geterr(handle)), subject: text)
        }
        defer { pcap_freecode(&program) }
        guard pcap_setfilter(handle, &program) == 0 else {
            throw CaptureError(.badFilter, String(cString: pcap_geterr(handle)), subject: text)
        }
        ok = true
        self.interface = interface
        self.filter = text
        self.handle = handle
        self.linkType = link
        stopper = CaptureStopper(handle)
        decoder = FrameDecoder(linkType: link, options: options)
    }

    deinit {
        stopper.invalidate()
        pcap_close(handle)
    }

    /// Captures until ``stop()`` (or ``stopper``) is called or the interface fails, calling
    /// `body` for every DNS message. Blocks the calling thread.
    /// - Throws: ``CaptureError`` `readFailed` when libpcap reports an error; anything
    ///   `body` throws.
    public func run(_ body: (CapturedMessage) throws -> Void) throws {
        if let failure = try decoder.consume(handle, body) {
            throw CaptureError(.readFailed, failure, subject: interface)
        }
    }

    /// Like ``run(_:)``, and calls `tick` on the capturing thread with the counters so far
    /// (kernel drops included) at least every read timeout (100 ms) and every 1024 frames:
    /// the place for timed flushes and periodic stats, as ``stats`` cannot be read while
    /// ``run(_:)`` is going.
    public func run(tick: (CaptureStats) throws -> Void, _ body: (CapturedMessage) throws -> Void) throws {
        let failure = try withoutActuallyEscaping(tick) { tick in try decoder.consume(handle, body, tick: tick) }
        if let failure {
            throw CaptureError(.readFailed, failure, subject: interface)
        }
    }

    /// Makes ``run(_:)`` return soon (`pcap_breakloop`).
    public func stop() { stopper.stop() }

    /// Counters so far, with the kernel's drop counts from `pcap_stats`.
    /// Call it from the thread that runs ``run(_:)`` or after it returns.
    public var stats: CaptureStats {
        var s = decoder.stats
        var ps = pcap_stat()
        if pcap_stats(handle, &ps) == 0 {
            s.droppedByKernel = Int(ps.ps_drop)
            s.droppedByInterface = Int(ps.ps_ifdrop)
        }
        return s
    }
}
