import CPcap
import Synchronization

/// Stops a ``LiveCapture`` from another task or thread.
///
/// Sendable without `@unchecked`: the libpcap handle sits inside a `Mutex`, so `stop()`
/// and the capture's closing never overlap, and a stop after the capture is gone does
/// nothing. `pcap_breakloop` itself only sets a flag and wakes the poll (libpcap documents
/// it as safe to call from another thread).
public final class CaptureStopper: Sendable {
    private let handle: Mutex<OpaquePointer?>

    init(_ handle: OpaquePointer) {
        self.handle = Mutex(handle)
    }

    /// Asks the capture to stop; returns at once.
    public func stop() {
        handle.withLock { h in
            if let h { pcap_breakloop(h) }
        }
    }

    /// Called when the capture closes its handle.
    func invalidate() {
        handle.withLock { $0 = nil }
    }
}
