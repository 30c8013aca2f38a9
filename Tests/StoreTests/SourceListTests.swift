import FluxModel
import Testing

@testable import Store

/// The `sources` column codec: what SQL's json functions write reads back; anything else is
/// refused rather than misread.
struct SourceListTests {
    @Test func roundTrips() {
        for ids: Set<SourceID> in [[], [1], [1, 4], [3, 2, 9_000_000_000], [-1, 7]] {
            #expect(SourceList.decode(SourceList.encode(ids)) == ids)
        }
    }

    @Test func acceptsJSONSpacing() {
        #expect(SourceList.decode("[]") == [])
        #expect(SourceList.decode("[ ]") == [])
        #expect(SourceList.decode("[1, 4]") == [1, 4])
        #expect(SourceList.decode("[ 1 ,4 ]") == [1, 4])
        #expect(SourceList.decode("[2,2]") == [2])
    }

    @Test func refusesWhatIsNotAnArrayOfIntegers() {
        for text in ["", "[", "]", "1", "[1", "1]", "[,]", "[1,]", "[,1]", "[1 2]", "[1,,2]", "[a]", "[1.5]", "[-]", "[- 1]",
                     "[1-]", "[99999999999999999999]", "[\"1\"]", "[1]x", "{1}"] {
            #expect(SourceList.decode(text) == nil, "\(text)")
        }
    }
}
