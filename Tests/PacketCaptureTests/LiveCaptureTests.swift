import Foundation
import Synchronization
import Testing
@testable import PacketCapture

@Suite(.serialized) struct LiveCaptureTests {
    @Test func unknownInterfaceIsRefused() {
        #expect(throws: CaptureError.self) { _ = try LiveCapture(interface: "no-such-if0") }
    }

    @Test func defaultFilterCoversPortsAndFragments() {
        let text = LiveCapture.defaultFilter(ports: [5353, 53])
        #expect(text.hasPrefix("port 53 or port 5353 or "))
        #expect(text.contains("0x3fff"))
    }

    @Test func badFilterIsRefused() throws {
        guard getuid() == 0 else { return }  // opening an interface needs CAP_NET_RAW
        #expect {
            _ = try LiveCapture(interface: "lo", filter: "port and and")
        } throws: { ($0 as? CaptureError)?.code == .badFilter }
    }

    /// Sends DNS queries over loopback to an unused port and captures them.
    @Test func capturesLoopbackAndStopsFromAnotherThread() throws {
        guard getuid() == 0 else { return }
        let port = UInt16(20_000 + getpid() % 20_000)
        let capture = try LiveCapture(interface: "lo", options: CaptureOptions(dnsPorts: [port]))
        #expect(capture.filter.contains("port \(port)"))
        let stopper = capture.stopper
        let done = Mutex(false)
        let sender = Thread {
            let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
            defer { close(fd) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = port.bigEndian
            address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
            let query = Build.query(id: 0x4242)
            for _ in 0..<100 where !done.withLock({ $0 }) {
                _ = query.withUnsafeBytes { q in
                    withUnsafePointer(to: &address) {
                        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                            sendto(fd, q.baseAddress, q.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                        }
                    }
                }
                Thread.sleep(forTimeInterval: 0.05)
            }
            stopper.stop()  // give up after 5 s in any case
        }
        sender.start()
        var received: [UInt8] = []
        try capture.run { message in
            received = Array(message.payload)
            done.withLock { $0 = true }
            capture.stop()
        }
        #expect(received == Build.query(id: 0x4242))
        #expect(capture.stats.udpMessages >= 1)
        #expect(capture.linkType == .ethernet)
    }
}
