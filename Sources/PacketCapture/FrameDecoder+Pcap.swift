import CPcap

/// The read loop shared by files and live interfaces.
extension FrameDecoder {
    /// Reads records with `pcap_next_ex` until the end of the file, `pcap_breakloop`, or an
    /// error, decoding each. Returns libpcap's message when it stopped on an error.
    /// With `tick`, calls it with the counters (and the kernel's drop counts) whenever the
    /// read timeout expires with no packet, and after every 1024 frames, so a live capture can
    /// flush and report on a timer even when the interface is quiet.
    mutating func consume(_ handle: OpaquePointer, _ body: (CapturedMessage) throws -> Void,
                          tick: ((CaptureStats) throws -> Void)? = nil) throws -> String? {
        let scale: Int = pcap_get_tstamp_precision(handle) == Int32(PCAP_TSTAMP_PRECISION_NANO) ? 1 : 1000
        var header: UnsafeMutablePointer<pcap_pkthdr>?
        var data: UnsafePointer<UInt8>?
        while true {
            let rc = pcap_next_ex(handle, &header, &data)
            if rc == 1, let h = header?.pointee {
                let fraction = min(max(Int(h.ts.tv_usec) * scale, 0), 999_999_999)
                let stamp = CaptureTimestamp(seconds: Int64(h.ts.tv_sec), nanoseconds: UInt32(fraction))
                let frame = data.map { UnsafeRawBufferPointer(start: $0, count: Int(h.caplen)) }
                    ?? UnsafeRawBufferPointer(start: nil, count: 0)
                try decode(timestamp: stamp, frame: frame, wireLength: Int(h.len), body)
                if let tick, frameIndex & 1023 == 0 { try tick(statsWithDrops(handle)) }
            } else if rc == 0 {
                if let tick { try tick(statsWithDrops(handle)) }
                continue  // live capture: the read timeout expired with no packet
            } else if rc == PCAP_ERROR_BREAK {
                return nil  // end of file, or pcap_breakloop
            } else {
                return String(cString: pcap_geterr(handle))
            }
        }
    }
}

extension FrameDecoder {
    /// The counters with `pcap_stats`'s drop counts (meaningful for live captures).
    func statsWithDrops(_ handle: OpaquePointer) -> CaptureStats {
        var s = stats
        var ps = pcap_stat()
        if pcap_stats(handle, &ps) == 0 {
            s.droppedByKernel = Int(ps.ps_drop)
            s.droppedByInterface = Int(ps.ps_ifdrop)
        }
        return s
    }
}

/// libpcap's error buffer as a Swift string.
func pcapErrorString(_ buffer: [CChar]) -> String {
    let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
    return String(decoding: bytes, as: UTF8.self)
}
