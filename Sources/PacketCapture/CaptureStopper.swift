import CPcap
import Synchronization

/// Stops a ``LiveCapture`` from another task or thread.
///
/// Sendable without `@unchecked`: it keeps the libpcap handle's address (a plain integer)
/// inside a `Mutex`, so `stop()` and the capture's closing never overlap, and a stop after
/// the capture is gone does nothing (the address is 0 by then). `pcap_breakloop` itself only
/// sets a flag and wakes the poll; libpcap documents it as safe to call from another thread.
public final class CaptureStopper: Sendable {
    private let address: Mutex<UInt>

    init(_ handle: OpaquePointer) {
        address = Mutex(UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(handle))))
    }

    /// Asks the capture to stop; returns at once.
    public func stop() {
        address.withLock { value in
            if let handle = OpaquePointer(bitPattern: value) { pcap_breakloop(handle) }
        }
    }

    /// Called by the capture just before it closes its handle.
    func invalidate() {
        address.withLock { $0 = 0 }
    }
}
