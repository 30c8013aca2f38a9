extension RandomAccessCollection {
    /// The index of the first element for which `belongsToSecondPart` is true, or `endIndex`,
    /// for a collection partitioned by it (every false element before every true one), found
    /// by binary search: O(log n) calls of the predicate.
    public func partitioningIndex(where belongsToSecondPart: (Element) throws -> Bool) rethrows -> Index {
        var low = startIndex
        var count = self.count
        while count > 0 {
            let half = count / 2
            let mid = index(low, offsetBy: half)
            if try belongsToSecondPart(self[mid]) {
                count = half
            } else {
                low = index(after: mid)
                count -= half + 1
            }
        }
        return low
    }
}
