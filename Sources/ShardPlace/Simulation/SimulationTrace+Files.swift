extension SimulationTrace {
    /// A trace from `series_id,timestamp,value` series, one list per resource (CPU first).
    ///
    /// The grid: `step` seconds (default: the median of the series' median timestamp differences), from
    /// the earliest timestamp of any series to the latest. Each series is put on it by
    /// ``TimeSeries/regular(step:)``; before its first sample and after its last the shard's demand is 0
    /// (the shard does not exist yet / any more). The shards are the series of the first resource; every
    /// other resource must have a series for each of them (extra series are an error too).
    ///
    /// - Throws: ``ForecastInputError`` naming the file of the first problem.
    public init(
        resources: [(name: String, file: String, series: [TimeSeries])], step: Int64? = nil
    ) throws(ForecastInputError) {
        precondition(!resources.isEmpty)
        var steps: [Int64] = []
        var first = Int64.max
        var last = Int64.min
        for resource in resources {
            for s in resource.series {
                if s.typicalStep > 0 { steps.append(s.typicalStep) }
                first = Swift.min(first, s.timestamps[0])
                last = Swift.max(last, s.timestamps[s.timestamps.count - 1])
            }
        }
        steps.sort()
        let grid = step ?? (steps.isEmpty ? 1 : steps[steps.count / 2])
        let count = Int((last - first) / grid) + 1
        let primary = resources[0]
        let names = primary.series.map(\.id)
        var position: [String: Int] = [:]
        for (i, name) in names.enumerated() { position[name] = i }
        var demand: [[[Double]]] = []
        for resource in resources {
            var rows = [[Double]](repeating: [Double](repeating: 0, count: count), count: names.count)
            var seen = [Bool](repeating: false, count: names.count)
            for s in resource.series {
                guard let i = position[s.id] else {
                    throw ForecastInputError(
                        file: resource.file, line: s.line,
                        message: "series \"\(s.id)\" is not in the \(primary.name) file \(primary.file); "
                            + "expected the same series_id values for every resource")
                }
                seen[i] = true
                let offset = Int((s.timestamps[0] - first + grid / 2) / grid)
                for (k, v) in s.regular(step: grid).enumerated() where offset + k < count { rows[i][offset + k] = v }
            }
            if let missing = seen.firstIndex(of: false) {
                throw ForecastInputError(
                    file: resource.file, line: 0,
                    message: "no series \"\(names[missing])\" (it is in the \(primary.name) file \(primary.file)); "
                        + "expected the same series_id values for every resource")
            }
            demand.append(rows)
        }
        self.init(shardNames: names, resourceNames: resources.map(\.name), stepSeconds: grid, demand: demand)
    }

    /// The PlanetLab workload of SIMULATION.md from a CPU-percent trace: VM `i` of `n` (ids in sorted
    /// order) gets type `i / ⌈n/4⌉` of four types with 2500, 2000, 1000 and 500 MIPS and 870, 1740, 1740
    /// and 613 MB of memory (CloudSim's `examples/power` constants); CPU demand = `cpu% / 100 × MIPS`;
    /// the bytes a migration moves are the type's memory (MB of 2²⁰ bytes). Other resources are kept.
    public func planetLab() -> SimulationTrace {
        let mips: [Double] = [2500, 2000, 1000, 500]
        let memoryMB: [Double] = [870, 1740, 1740, 613]
        let n = shards
        let perType = (n + 3) / 4
        let order = (0..<n).sorted { shardNames[$0] < shardNames[$1] }
        var type = [Int](repeating: 0, count: n)
        for (rank, i) in order.enumerated() { type[i] = Swift.min(3, rank / perType) }
        let demand: [[[Double]]] = (0..<resources).map { r in
            (0..<n).map { i in
                let row = series(i, r, 0..<steps)
                return r == 0 ? row.map { $0 / 100 * mips[type[i]] } : row
            }
        }
        return SimulationTrace(
            shardNames: shardNames, resourceNames: resourceNames, stepSeconds: stepSeconds, demand: demand,
            shardBytes: type.map { memoryMB[$0] * 1_048_576 })
    }
}
