// capture-bench FILE... [--ports 53,5353] [--repeat N] [--list]
// Streams each file through CaptureFileReader, counting DNS payloads and their bytes, and
// prints packets/s and messages/s. A benchmark command, not a test: build with -c release.
import Foundation
import PacketCapture

var files: [String] = []
var ports: Set<UInt16> = [53]
var repeats = 1
var list = false
var args = CommandLine.arguments.dropFirst()
while let arg = args.popFirst() {
    switch arg {
    case "--ports":
        ports = Set((args.popFirst() ?? "").split(separator: ",").compactMap { UInt16($0) })
    case "--list":
        list = true
    case "--repeat":
        repeats = max(1, Int(args.popFirst() ?? "") ?? 1)
    default:
        files.append(arg)
    }
}
guard !files.isEmpty else {
    FileHandle.standardError.write(Data("usage: capture-bench FILE... [--ports 53,5353] [--repeat N] [--list]\n".utf8))
    exit(2)
}

for file in files {
    for _ in 0..<repeats {
        do {
            let start = ContinuousClock.now
            let reader = try CaptureFileReader(path: file, options: CaptureOptions(dnsPorts: ports))
            var messages = 0
            var payloadBytes = 0
            var checksum: UInt64 = 0
            try reader.forEachMessage { message in
                messages += 1
                if list {
                    print(message.frameIndex, message.transport, message.source, message.sourcePort,
                          message.destination, message.destinationPort, message.payload.count)
                }
                payloadBytes += message.payload.count
                if message.payload.count >= 2 {
                    checksum &+= UInt64(message.payload[0]) << 8 | UInt64(message.payload[1])
                }
            }
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let s = reader.stats
            let pps = Double(s.packets) / seconds
            print("""
                \(file): \(s.packets) packets, \(messages) messages (udp \(s.udpMessages), tcp \(s.tcpMessages)), \
                \(payloadBytes) payload bytes, \(String(format: "%.3f", seconds)) s, \
                \(String(format: "%.2f", pps / 1e6))M packets/s, \
                \(String(format: "%.2f", Double(messages) / seconds / 1e6))M messages/s, \
                malformed \(s.malformedTotal), id-sum \(checksum)
                """)
            if list { print(s) }
        } catch {
            FileHandle.standardError.write(Data("capture-bench: \(error)\n".utf8))
            exit(1)
        }
    }
}
