import Foundation
import Store
import Testing

@Suite struct FileIdentityTests {
    @Test func sizeAndBothEndsMakeTheIdentity() async throws {
        try await withTemporaryDirectory { dir in
            let url = dir.appendingPathComponent("f.bin")
            var bytes = [UInt8](repeating: 1, count: 3 << 20)
            try Data(bytes).write(to: url)
            let a = try FileIdentity(contentsOf: url.path)
            #expect(a.size == 3 << 20 && a.path == url.path)
            #expect(a.headTailHash.hasPrefix("fnv1a64:") && a.headTailHash.count == 24)
            #expect(try FileIdentity(contentsOf: url.path) == a)

            bytes[bytes.count - 1] = 2  // last MiB changed
            try Data(bytes).write(to: url)
            #expect(try FileIdentity(contentsOf: url.path).headTailHash != a.headTailHash)

            let small = dir.appendingPathComponent("small.bin")
            try Data([1, 2, 3]).write(to: small)
            #expect(try FileIdentity(contentsOf: small.path).size == 3)
            #expect(throws: StoreError.self) { try FileIdentity(contentsOf: dir.appendingPathComponent("none").path) }
        }
    }
}
