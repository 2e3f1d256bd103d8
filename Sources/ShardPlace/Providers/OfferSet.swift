/// A set of offers (scenario positions) as a bit set: the offers a class of shards may use, in
/// ``OfferPlanner``'s rules.
struct OfferSet: Hashable, Sendable {
    private(set) var words: [UInt64]

    /// The empty set over `count` offers.
    init(count: Int) { words = [UInt64](repeating: 0, count: (count + 63) / 64) }

    /// Every one of `count` offers.
    static func all(_ count: Int) -> OfferSet {
        var set = OfferSet(count: count)
        for o in 0..<count { set.insert(o) }
        return set
    }

    mutating func insert(_ offer: Int) { words[offer >> 6] |= 1 << UInt64(offer & 63) }

    func contains(_ offer: Int) -> Bool { words[offer >> 6] & (1 << UInt64(offer & 63)) != 0 }

    /// Whether every member of this set is in `other` (same offer count).
    func isSubset(of other: OfferSet) -> Bool {
        zip(words, other.words).allSatisfy { $0 & ~$1 == 0 }
    }

    func intersection(_ other: OfferSet) -> OfferSet {
        var copy = self
        for i in copy.words.indices { copy.words[i] &= other.words[i] }
        return copy
    }

    func union(_ other: OfferSet) -> OfferSet {
        var copy = self
        for i in copy.words.indices { copy.words[i] |= other.words[i] }
        return copy
    }

    /// The members, ascending, among the first `count` offers.
    func members(_ count: Int) -> [Int] { (0..<count).filter(contains) }
}
