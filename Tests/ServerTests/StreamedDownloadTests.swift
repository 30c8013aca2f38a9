import DNSWire
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Reports
import Synchronization
import Testing
@testable import Server

/// Export downloads stream: a writer thread hands the body over chunk by chunk
/// (`StreamedDownload`, `ChunkChannel`), and the bytes are the writer's.
extension ServerSuites {
@Suite struct StreamedDownloadTests {
    /// 20,000 numbered lines (about 0.6 MB).
    static func lines(to out: inout some TextOutputStream) {
        for i in 0..<20_000 { out.write("line \(i) of the streamed download test\n") }
    }

    @Test func theBodyArrivesInChunksOfAboutTheChunkSize() async throws {
        let channel = ChunkChannel()
        StreamedDownload.produce(into: channel, chunkSize: 4096) { Self.lines(to: &$0) }
        var chunks: [ByteBuffer] = []
        while let chunk = await channel.next() { chunks.append(chunk) }
        var expected = ""
        Self.lines(to: &expected)
        #expect(String(decoding: chunks.flatMap { Array($0.readableBytesView) }, as: UTF8.self) == expected)
        #expect(chunks.count > 100)
        // Every chunk but the last is one line past the chunk size at most: nothing is gathered.
        #expect(chunks.dropLast().allSatisfy { $0.readableBytes >= 4096 && $0.readableBytes < 4096 + 64 })
    }

    @Test func aConsumerThatGoesAwayReleasesTheWriter() async throws {
        let channel = ChunkChannel()
        let done = Mutex(false)
        StreamedDownload.produce(into: channel, chunkSize: 4096) { sink in
            for _ in 0..<50 { Self.lines(to: &sink) }  // 30 MB, were it kept
            done.withLock { $0 = true }
        }
        #expect(await channel.next() != nil)
        channel.cancel()
        // The writer no longer waits for the consumer: it runs to its end, dropping its output.
        let deadline = ContinuousClock.now + .seconds(120)
        while !done.withLock({ $0 }) && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(done.withLock { $0 })
    }

    @Test func exportAndRegistryDownloadsAreTheWritersBytes() async throws {
        let f = try await ServerFixture.make()
        let snapshot = f.repository.snapshot()
        let items = snapshot.rows.map { ExportItem(verdict: $0.verdict, evidence: $0.evidence, networkID: $0.network) }
        let context = ExportContext(snapshot.result, generated: snapshot.generatedAt)
        var stixText = "", rpzText = ""
        STIXWriter().write(items, networks: snapshot.result.networks, context: context, to: &stixText)
        RPZWriter(origin: try DNSName("rpz.fluxscope.")).write(items, context: context, to: &rpzText)
        let (stix, rpz) = (stixText, rpzText)
        let registry = RegistryReport.write(RegistryReport.rows(snapshot.result.judged), format: .csv, context: context, tld: nil, to: "")
        #expect(stix.contains("indicator--") && rpz.contains("CNAME") && registry.contains("flux"))
        try await f.test { client in
            try await client.execute(uri: "/api/v1/exports/stix", method: .get) { r in #expect(r.text == stix) }
            try await client.execute(uri: "/api/v1/exports/rpz", method: .get) { r in #expect(r.text == rpz) }
            try await client.execute(uri: "/api/v1/reports/registry?format=csv", method: .get) { r in
                #expect(r.status == .ok)
                #expect(r.text == registry)
            }
        }
    }
}
}
