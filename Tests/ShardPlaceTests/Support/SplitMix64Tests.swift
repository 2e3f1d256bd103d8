import ShardPlace
import Testing

@Suite struct SplitMix64Tests {
    @Test func matchesTheReferenceSequence() {
        // Vigna's splitmix64.c seeded with 0.
        var rng = SplitMix64(seed: 0)
        #expect(rng.next() == 0xE220_A839_7B1D_CDAF)
        #expect(rng.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(rng.next() == 0x06C4_5D18_8009_454F)
        var other = SplitMix64(seed: 42)
        #expect(other.next() == 0xBDD7_3226_2FEB_6E95)
    }

    @Test func equalSeedsGiveEqualSequences() {
        var a = SplitMix64(seed: 7)
        var b = SplitMix64(seed: 7)
        var c = SplitMix64(seed: 8)
        let first = (0..<100).map { _ in a.next() }
        #expect(first == (0..<100).map { _ in b.next() })
        #expect(first != (0..<100).map { _ in c.next() })
    }

    @Test func unitIntervalsAreHalfOpen() {
        var rng = SplitMix64(seed: 1)
        var sum = 0.0
        for _ in 0..<100_000 {
            let d = rng.nextDouble()
            let f = rng.nextFloat()
            #expect(d >= 0 && d < 1)
            #expect(f >= 0 && f < 1)
            sum += d
        }
        #expect(abs(sum / 100_000 - 0.5) < 0.01)
        // The largest values the conversions can produce stay below 1.
        #expect(Double(UInt64.max >> 11) * 0x1.0p-53 < 1)
        #expect(Float(UInt64.max >> 40) * 0x1.0p-24 < 1)
    }

    @Test(arguments: [1, 2, 3, 7, 10, 1000])
    func boundedIntegersAreInRangeAndEven(bound: Int) {
        var rng = SplitMix64(seed: UInt64(bound))
        var counts = [Int](repeating: 0, count: bound)
        let draws = 2000 * bound
        for _ in 0..<draws {
            let k = rng.next(below: bound)
            #expect((0..<bound).contains(k))
            counts[k] += 1
        }
        let expected = Double(draws) / Double(bound)
        #expect(counts.allSatisfy { abs(Double($0) - expected) < 0.15 * expected })
    }

    @Test func worksWithTheStandardLibrary() {
        var a = SplitMix64(seed: 3)
        var b = SplitMix64(seed: 3)
        #expect((0..<50).shuffled(using: &a) == (0..<50).shuffled(using: &b))
        #expect(Int.random(in: 0..<10, using: &a) == Int.random(in: 0..<10, using: &b))
    }
}
