import FluxModel
import Testing

@Suite struct PartitioningIndexTests {
    /// Against a linear scan, for every split point of every length up to 9, on an array and
    /// on a slice (whose indices do not start at 0).
    @Test func findsTheFirstElementOfTheSecondPart() {
        for n in 0...9 {
            let values = Array(0..<n)
            for split in 0...n {
                #expect(values.partitioningIndex { $0 >= split } == split)
                let slice = values[min(1, n)...]
                #expect(slice.partitioningIndex { $0 >= split } == (slice.firstIndex { $0 >= split } ?? slice.endIndex))
            }
        }
    }

    @Test func emptyAndUniformCollections() {
        #expect([Int]().partitioningIndex { _ in true } == 0)
        #expect([1, 2, 3].partitioningIndex { _ in false } == 3)
        #expect([1, 2, 3].partitioningIndex { _ in true } == 0)
    }
}
