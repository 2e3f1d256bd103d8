import Testing

@testable import ShardPlace

@Suite struct GraphBisectorTests {
    /// A random symmetric matrix: each ordered pair talks with probability 1/`sparsity`, volume 1...9.
    static func randomMatrix(_ n: Int, seed: UInt64, sparsity: Int = 3) -> CommunicationMatrix {
        var rng = SplitMix64(seed: seed)
        var volume = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<n where i != j && rng.next(below: sparsity) == 0 {
                volume[i * n + j] = Double(1 + rng.next(below: 9))
            }
        }
        return CommunicationMatrix(count: n, volume: volume)
    }

    /// Traffic between `part` and the rest of `vertices`, from the matrix itself.
    static func cut(_ matrix: CommunicationMatrix, _ part: Set<Int32>, _ vertices: [Int32]) -> Double {
        var total = 0.0
        for a in vertices where part.contains(a) {
            for b in vertices where !part.contains(b) {
                total += matrix.volume[Int(a) * matrix.count + Int(b)] + matrix.volume[Int(b) * matrix.count + Int(a)]
            }
        }
        return total
    }

    @Test("a split is a partition with the sizes asked and the cut it reports", arguments: [UInt64(1), 2, 3])
    func partition(seed: UInt64) {
        let matrix = Self.randomMatrix(40, seed: seed)
        var bisector = GraphBisector(TrafficGraph(matrix))
        var rng = SplitMix64(seed: seed)
        // A subset, so that traffic to workers outside it must be ignored.
        let vertices: [Int32] = (0..<40).filter { $0 % 4 != 1 }.map { Int32($0) }
        for firstSize in [0, 1, 7, 15, 29, 30] {
            let split = bisector.split(vertices, firstSize: firstSize, restarts: 4, rng: &rng)
            #expect(split.first.count == firstSize)
            #expect(split.second.count == vertices.count - firstSize)
            #expect(Set(split.first + split.second) == Set(vertices))
            #expect((split.first + split.second).count == vertices.count)
            #expect(abs(split.cut - Self.cut(matrix, Set(split.first), vertices)) < 1e-9)
        }
    }

    @Test(
        "finds the minimum cut of small graphs (brute force over every subset)", arguments: [UInt64(1), 2, 3, 4, 5, 6])
    func minimumCut(seed: UInt64) {
        let n = 12
        let matrix = Self.randomMatrix(n, seed: seed, sparsity: 4)
        let vertices = (0..<Int32(n)).map { $0 }
        var bisector = GraphBisector(TrafficGraph(matrix))
        var rng = SplitMix64(seed: seed &+ 10)
        for firstSize in [3, 6] {
            var best = Double.infinity
            for mask in 0..<(1 << n) where mask.nonzeroBitCount == firstSize {
                best = min(best, Self.cut(matrix, Set(vertices.filter { mask & (1 << $0) != 0 }), vertices))
            }
            let split = bisector.split(vertices, firstSize: firstSize, restarts: 8, rng: &rng)
            #expect(split.cut == best, "size \(firstSize)")
        }
    }

    @Test("separates two groups that talk inside much more than between, whatever their labels")
    func twoGroups() {
        let n = 16
        var rng = SplitMix64(seed: 9)
        let label = (0..<n).shuffled(using: &rng)
        var volume = [Double](repeating: 0, count: n * n)
        for a in 0..<n {
            for b in 0..<n where a != b {
                let sameGroup = (a < 8) == (b < 8)
                volume[label[a] * n + label[b]] = sameGroup ? 100 : (a + b == 15 ? 1 : 0)
            }
        }
        let matrix = CommunicationMatrix(count: n, volume: volume)
        var bisector = GraphBisector(TrafficGraph(matrix))
        let split = bisector.split((0..<Int32(n)).map { $0 }, firstSize: 8, restarts: 2, rng: &rng)
        #expect(Set(split.first.map { label.firstIndex(of: Int($0))! < 8 }).count == 1)
        #expect(split.cut == 16)
    }
}
