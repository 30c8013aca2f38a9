import PacketCapture
import Store
import Synchronization

/// Counters of a live capture: packets, DNS messages, kernel drops, and what was written.
public struct LiveStats: Sendable {
    /// Frames read.
    public var packets = 0
    /// DNS messages handled.
    public var messages = 0
    /// Frames the kernel (or interface) dropped.
    public var drops = 0
    /// Batches written.
    public var batches = 0
    /// New and updated sightings and answer sets.
    public var report = WriteReport()

    /// `packets=… messages=… kernel_drops=… sightings_new=… sightings_updated=… batches=…`.
    public var line: String {
        "packets=\(packets) messages=\(messages) kernel_drops=\(drops) sightings_new=\(report.sightingsInserted) "
            + "sightings_updated=\(report.sightingsUpdated) answer_sets_new=\(report.answerSetsInserted) batches=\(batches)"
    }

    /// Counters the capture thread updates and the stats task reads.
    final class Box: Sendable {
        let packets = Atomic<Int>(0)
        let messages = Atomic<Int>(0)
        let drops = Atomic<Int>(0)

        func update(_ stats: CaptureStats) {
            packets.store(stats.packets, ordering: .relaxed)
            drops.store(stats.droppedByKernel + stats.droppedByInterface, ordering: .relaxed)
        }

        func snapshot(_ writer: StoreBatchWriter) async -> LiveStats {
            var s = LiveStats()
            s.packets = packets.load(ordering: .relaxed)
            s.messages = messages.load(ordering: .relaxed)
            s.drops = drops.load(ordering: .relaxed)
            s.batches = await writer.batches
            s.report = await writer.report
            return s
        }
    }
}
