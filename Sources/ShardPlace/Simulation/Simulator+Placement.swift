extension Simulator {
    /// Capacity per resource from the warm-up only: `C_r = Σ_i mean_warmup(d_ir) / (hosts · ρ)` (1 where the
    /// warm-up demand is all zero).
    public func capacity() -> [Double] {
        let w = configuration.warmup
        let n = trace.shards
        return (0..<trace.resources).map { r in
            var sum = 0.0
            for t in 0..<w {
                for i in 0..<n { sum += trace.demand(i, r, t) }
            }
            let c = sum / Double(w) / (Double(configuration.hosts) * configuration.targetLoad)
            return c > 0 ? c : 1
        }
    }

    /// Per shard and resource (`i × resources + r`), the 95th percentile of its warm-up demand (linear
    /// interpolation between order statistics).
    public func warmupP95() -> [Double] {
        let w = configuration.warmup
        var out = [Double](repeating: 0, count: trace.shards * trace.resources)
        for i in 0..<trace.shards {
            for r in 0..<trace.resources {
                let sorted = trace.series(i, r, 0..<w).sorted()
                let rank = 0.95 * Double(w - 1)
                let lower = Int(rank)
                let upper = Swift.min(w - 1, lower + 1)
                out[i * trace.resources + r] =
                    sorted[lower] + (rank - Double(lower)) * (sorted[upper] - sorted[lower])
            }
        }
        return out
    }

    /// The initial placement, the same for every policy: shards by warm-up p95 CPU demand, largest first
    /// (ties: lower index), each to the first host where every resource's summed warm-up p95 stays within
    /// θ·C (first-fit decreasing). With ``SimulationConfiguration/seed``: shards in a random order, each to a
    /// random host among those that fit. A shard that fits nowhere goes to the host whose largest relative
    /// load after adding it is lowest (ties: lower index).
    public func initialPlacement(capacity: [Double]) -> [Int] {
        let n = trace.shards
        let resources = trace.resources
        let hosts = configuration.hosts
        let p95 = warmupP95()
        let limit = capacity.map { configuration.threshold * $0 }
        var rng = SplitMix64(seed: configuration.seed ?? 0)
        let order: [Int] =
            configuration.seed == nil
            ? (0..<n).sorted { (-p95[$0 * resources], $0) < (-p95[$1 * resources], $1) }
            : (0..<n).shuffled(using: &rng)
        var load = [Double](repeating: 0, count: hosts * resources)
        var placement = [Int](repeating: 0, count: n)
        for i in order {
            func fits(_ h: Int) -> Bool {
                (0..<resources).allSatisfy { r in load[h * resources + r] + p95[i * resources + r] <= limit[r] }
            }
            var chosen: Int?
            if configuration.seed == nil {
                chosen = (0..<hosts).first(where: fits)
            } else {
                let fitting = (0..<hosts).filter(fits)
                if !fitting.isEmpty { chosen = fitting[Int(rng.next(upperBound: UInt64(fitting.count)))] }
            }
            let h =
                chosen
                ?? (0..<hosts).min { a, b in
                    func worst(_ h: Int) -> Double {
                        (0..<resources).map { r in (load[h * resources + r] + p95[i * resources + r]) / capacity[r] }
                            .max()!
                    }
                    return (worst(a), a) < (worst(b), b)
                }!
            placement[i] = h
            for r in 0..<resources { load[h * resources + r] += p95[i * resources + r] }
        }
        return placement
    }
}
