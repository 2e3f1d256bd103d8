/// The summed load laws of every host under a placement, for ``OverloadRisk``: per (host, resource,
/// step), Σ mean and Σ standard deviation of the shards on the host (host-major), and the host's
/// shard count.
struct HostLoads {
    let model: OverloadRisk
    private(set) var mean: [Double]
    private(set) var deviation: [Double]
    private(set) var shards: [Int]

    /// No shard anywhere.
    init(_ model: OverloadRisk) {
        self.model = model
        mean = [Double](repeating: 0, count: model.hostCount * model.resources * model.steps)
        deviation = mean
        shards = [Int](repeating: 0, count: model.hostCount)
    }

    /// Adds (`sign` 1) or removes (−1) a shard's laws on a host.
    mutating func add(shard s: Int, host h: Int, sign: Double) {
        let n = model.resources * model.steps
        let from = s * n
        let to = h * n
        for i in 0..<n {
            mean[to + i] += sign * model.mean[from + i]
            deviation[to + i] += sign * model.deviation[from + i]
        }
        shards[h] += sign > 0 ? 1 : -1
    }

    /// The share of the steps host `h` is overloaded.
    func risk(host h: Int) -> Double { risk(host: h, shard: -1, sign: 0) }

    /// The share of the steps host `h` would be overloaded with shard `s` added (`sign` 1) or removed (−1);
    /// `s` −1: as it is.
    func risk(host h: Int, shard s: Int, sign: Double) -> Double {
        if sign < 0 && shards[h] <= 1 { return 0 }
        let d = model.resources
        let steps = model.steps
        var total = 0.0
        for k in 0..<steps {
            var fine = 1.0
            for r in 0..<d {
                let at = (h * d + r) * steps + k
                var m = mean[at]
                var sd = deviation[at]
                if s >= 0 {
                    let own = (s * d + r) * steps + k
                    m += sign * model.mean[own]
                    sd += sign * model.deviation[own]
                }
                fine *= 1 - OverloadRisk.exceedance(mean: m, deviation: sd, capacity: model.capacity[h * d + r])
            }
            total += (1 - fine) / Double(steps)
        }
        return total
    }
}
