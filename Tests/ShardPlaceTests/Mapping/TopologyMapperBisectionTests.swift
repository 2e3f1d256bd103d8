import Testing

@testable import ShardPlace

@Suite struct TopologyMapperBisectionTests {
    /// A non-periodic 5-point stencil on a `rows × columns` grid, row-major, `volume` each way.
    static func stencil(rows: Int, columns: Int, volume: Double = 1) -> CommunicationMatrix {
        let n = rows * columns
        var v = [Double](repeating: 0, count: n * n)
        for r in 0..<rows {
            for c in 0..<columns {
                let i = r * columns + c
                if c + 1 < columns {
                    v[i * n + i + 1] = volume
                    v[(i + 1) * n + i] = volume
                }
                if r + 1 < rows {
                    v[i * n + i + columns] = volume
                    v[(i + columns) * n + i] = volume
                }
            }
        }
        return CommunicationMatrix(count: n, volume: v)
    }

    /// Hop-bytes of a slot mapping, from the definition (pairs, matrix both ways, tree distance).
    static func hopBytes(_ m: CommunicationMatrix, _ slotOf: [Int], _ d: MappingDistances, _ slots: [Int]) -> Double {
        var total = 0.0
        for i in 0..<m.count {
            for j in (i + 1)..<m.count {
                total +=
                    (m.volume[i * m.count + j] + m.volume[j * m.count + i])
                    * Double(d(slots[slotOf[i]], slots[slotOf[j]]))
            }
        }
        return total
    }

    @Test("shares: capacities respected, every worker counted, proportional or over the fewest children")
    func shares() {
        #expect(TopologyMapper.Share.proportional.counts(5, capacities: [4, 4]) == [3, 2])
        #expect(TopologyMapper.Share.proportional.counts(6, capacities: [8, 4]) == [4, 2])
        #expect(TopologyMapper.Share.fewest.counts(5, capacities: [4, 4, 4]) == [3, 2, 0])
        #expect(TopologyMapper.Share.fewest.counts(5, capacities: [2, 8, 4]) == [0, 5, 0])
        var rng = SplitMix64(seed: 4)
        for _ in 0..<200 {
            let capacities = (0..<(1 + rng.next(below: 6))).map { _ in 1 + rng.next(below: 9) }
            let workers = rng.next(below: capacities.reduce(0, +) + 1)
            for share in TopologyMapper.Share.allCases {
                let counts = share.counts(workers, capacities: capacities)
                #expect(counts.reduce(0, +) == workers)
                #expect(zip(counts, capacities).allSatisfy { $0 >= 0 && $0 <= $1 })
            }
        }
    }

    @Test(
        "the bisection start gives every worker its own slot",
        arguments: ["pack:2 core:3 pu:2", "pack:3 l3:2 core:4 pu:1", "pack:2 core:5 pu:4"], [5, 13, 24])
    func injection(synthetic: String, workers: Int) throws {
        let topology = try Topology.load(from: .synthetic(synthetic))
        let distances = MappingDistances(topology)
        let graph = TrafficGraph(GraphBisectorTests.randomMatrix(workers, seed: UInt64(workers)))
        for onePerCore in [false, true] {
            let slots = TopologyMapper.slots(distances, topology, onePerCore: onePerCore)
            guard workers <= slots.count else { continue }
            for count in [slots.count, workers] {
                let tree = SlotTree(topology, slotPUs: slots[0..<count].map { distances.pus[$0] })
                for share in TopologyMapper.Share.allCases {
                    var rng = SplitMix64(seed: 3)
                    let slotOf = TopologyMapper.bisectionStart(
                        graph: graph, tree: tree, share: share, restarts: 2, rng: &rng)
                    #expect(slotOf.count == workers)
                    #expect(slotOf.allSatisfy { $0 >= 0 && $0 < count })
                    #expect(Set(slotOf).count == workers)
                }
            }
        }
    }

    @Test("a 4 × 4 stencil on 4 packages × 4 cores: the bisection gives each package a 2 × 2 block")
    func stencilBlocks() throws {
        let topology = try Topology.load(from: .synthetic("pack:4 core:4 pu:1"))
        let distances = MappingDistances(topology)
        let matrix = Self.stencil(rows: 4, columns: 4)
        let slots = TopologyMapper.slots(distances, topology, onePerCore: false)
        let tree = SlotTree(topology, slotPUs: slots.map { distances.pus[$0] })
        for seed in UInt64(1)...4 {
            var rng = SplitMix64(seed: seed)
            let slotOf = TopologyMapper.bisectionStart(
                graph: TrafficGraph(matrix), tree: tree, share: .proportional, restarts: 8, rng: &rng)
            // Slots 4p..<4p+4 are package p: its workers must be rows {2a, 2a+1} × columns {2b, 2b+1}.
            for package in 0..<4 {
                let workers = (0..<16).filter { slotOf[$0] / 4 == package }
                let rows = Set(workers.map { $0 / 4 })
                let columns = Set(workers.map { $0 % 4 })
                #expect(workers.count == 4)
                #expect(rows.count == 2 && rows.min()! % 2 == 0 && rows.max()! == rows.min()! + 1, "\(workers)")
                #expect(
                    columns.count == 2 && columns.min()! % 2 == 0 && columns.max()! == columns.min()! + 1, "\(workers)")
            }
            // 16 edges inside blocks at distance 1, 8 between them at distance 2, 2 per edge both ways.
            #expect(Self.hopBytes(matrix, slotOf, distances, slots) == 64)
        }
        #expect(try TopologyMapper().map(matrix, onto: topology).hopBytes == 64)
    }

    @Test("8 workers on a 2 × 2 × 2 machine: the brute-force optimum", arguments: [UInt64(1), 2, 3])
    func optimum(seed: UInt64) throws {
        let topology = try Topology.load(from: .synthetic("pack:2 core:2 pu:2"))
        let distances = MappingDistances(topology)
        let matrix = GraphBisectorTests.randomMatrix(8, seed: seed, sparsity: 2)
        let slots = Array(0..<8)
        // Every permutation of 8 workers on 8 PUs.
        var best = Double.infinity
        var slotOf = [Int](repeating: 0, count: 8)
        func search(_ i: Int, _ used: Int) {
            if i == 8 {
                best = min(best, Self.hopBytes(matrix, slotOf, distances, slots))
                return
            }
            for s in 0..<8 where used & (1 << s) == 0 {
                slotOf[i] = s
                search(i + 1, used | (1 << s))
            }
        }
        search(0, 0)
        var options = TopologyMapper.Options()
        options.seed = seed
        options.iterations = 20_000
        let result = try TopologyMapper(options: options).map(matrix, onto: topology)
        #expect(result.hopBytes == best)
        #expect(result.bestStartHopBytes >= result.hopBytes)
        #expect(Set(result.mapping).count == 8)
    }

    @Test("annealing never returns worse than its start, even with a handful of moves", arguments: [1, 50, 5_000])
    func neverWorse(iterations: Int) throws {
        let topology = try Topology.load(from: .synthetic("pack:2 l3:2 core:4 pu:2"))
        let distances = MappingDistances(topology)
        let matrix = Self.stencil(rows: 4, columns: 3, volume: 3)
        let graph = TrafficGraph(matrix)
        var options = TopologyMapper.Options()
        options.iterations = iterations
        for onePerCore in [false, true] {
            let slots = TopologyMapper.slots(distances, topology, onePerCore: onePerCore)
            let space = TopologyMapper.SlotSpace(count: slots.count) { distances(slots[$0], slots[$1]) }
            let tree = SlotTree(topology, slotPUs: slots.map { distances.pus[$0] })
            var rng = SplitMix64(seed: 5)
            let starts = [
                Array(0..<12),
                TopologyMapper.greedyStart(graph: graph, m: slots.count, d: space.d),
                TopologyMapper.bisectionStart(graph: graph, tree: tree, share: .proportional, restarts: 4, rng: &rng),
            ]
            for start in starts {
                let before = Self.hopBytes(matrix, start, distances, slots)
                #expect(space.cost(start, graph) == before)
                for scale in [1.0, 0.1] {
                    let (after, cost, _) = TopologyMapper.anneal(
                        start, graph: graph, space: space, iterations: iterations, temperatureScale: scale, rng: &rng)
                    #expect(cost <= before)
                    #expect(Self.hopBytes(matrix, after, distances, slots) == cost)
                }
            }
            var whole = options
            whole.onePerCore = onePerCore
            let result = try TopologyMapper(options: whole).map(matrix, onto: topology)
            #expect(result.hopBytes <= result.bestStartHopBytes)
            #expect(
                result.bestStartHopBytes <= starts[0..<2].map { Self.hopBytes(matrix, $0, distances, slots) }.min()!)
        }
    }

    @Test("a seed gives the same mapping every time")
    func deterministic() throws {
        let topology = try Topology.load(from: .synthetic("pack:2 l3:2 core:4 pu:2"))
        let matrix = GraphBisectorTests.randomMatrix(20, seed: 8)
        var options = TopologyMapper.Options()
        options.iterations = 3_000
        options.seed = 11
        let first = try TopologyMapper(options: options).map(matrix, onto: topology)
        let second = try TopologyMapper(options: options).map(matrix, onto: topology)
        #expect(first.mapping == second.mapping)
        #expect(first.hopBytes == second.hopBytes)
    }
}
