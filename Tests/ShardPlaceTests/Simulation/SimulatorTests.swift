import Foundation
import ShardPlace
import ShardPlaceTestSupport
import Testing

/// Tiny hand-made traces whose outcome is worked out by hand in the comments.
@Suite struct SimulatorTests {
    /// A one-resource (CPU) trace at 300 s steps.
    private func trace(_ rows: [[Double]], bytes: [Double]? = nil) -> SimulationTrace {
        SimulationTrace(
            shardNames: rows.indices.map { "s\($0)" }, resourceNames: ["cpu"], stepSeconds: 300, demand: [rows],
            shardBytes: bytes)
    }

    private func run(_ trace: SimulationTrace, _ config: SimulationConfiguration) -> SimulationResult {
        var result = Simulator(trace: trace, configuration: config).run()
        result.controllerSeconds = 0
        return result
    }

    /// Four shards with warm-up demand 40, 30, 20, 10 on 3 hosts at ρ = 1/3: C = 100 / (3 · 1/3) = 100, θ·C =
    /// 80. First-fit decreasing: s0 → h0 (40), s1 → h0 (70), s2 → h1 (h0 would reach 90), s3 → h0 (80).
    private func fourShards(s1 after: [Double]) -> [[Double]] {
        let n = after.count
        return [
            [40, 40] + [Double](repeating: 40, count: n),
            [30, 30] + after,
            [20, 20] + [Double](repeating: 20, count: n),
            [10, 10] + [Double](repeating: 10, count: n),
        ]
    }

    private func config(_ policy: SimulationPolicy, horizon: Int = 1, hosts: Int = 3) -> SimulationConfiguration {
        SimulationConfiguration(
            hosts: hosts, targetLoad: 1.0 / 3, threshold: 0.8, policy: policy, horizon: horizon, warmup: 2)
    }

    @Test("capacity from the warm-up and first-fit-decreasing placement, worked by hand")
    func placement() {
        let simulator = Simulator(trace: trace(fourShards(s1: [30, 30])), configuration: config(.static))
        let capacity = simulator.capacity()
        #expect(abs(capacity[0] - 100) < 1e-9)
        #expect(simulator.initialPlacement(capacity: capacity) == [0, 0, 1, 0])
    }

    @Test("static: overload minutes are the host-steps above capacity × 5 min")
    func staticOverload() {
        // h0 = 40 + s1 + 10: above 100 when s1 > 50, at steps 3, 4 and 6 of s1's after-warm-up values.
        let after: [Double] = [30, 55, 60, 50, 70, 20]
        let result = run(trace(fourShards(s1: after)), config(.static))
        #expect(result.overloadMinutes == 3 * 5)
        #expect(result.overloadMinutesByResource == [15])
        #expect(result.migrations == 0 && result.bytesMoved == 0)
        #expect(result.steps == after.count)
        // Independent check of severity and peak: Σ 5 · (h0 − 100)/100 and max h0 / 100.
        let h0 = after.map { 50 + $0 }
        let severity = h0.reduce(0.0) { $0 + 5 * max(0, $1 - 100) / 100 }
        #expect(abs(result.severity - severity) < 1e-9)
        #expect(abs(result.peakUtilization - h0.max()! / 100) < 1e-12)
    }

    @Test("reactive moves the shard that cools the host with the fewest bytes to the least loaded host")
    func reactiveSelection() {
        // At the first step s1 = 45: h0 = 95 > 80. Removing s0 (8 GiB) or s1 (4 GiB) brings h0 under 80,
        // removing s3 (1 GiB) does not; so s1, the fewer bytes of the two. Destinations: h1 would be 65,
        // h2 45: h2.
        let gib = 1_073_741_824.0
        let t = trace(fourShards(s1: [45, 45, 45]), bytes: [8 * gib, 4 * gib, gib, gib])
        let result = run(t, config(.reactive))
        #expect(result.moves.count == 1)
        let move = result.moves[0]
        #expect(move.step == 2 && move.shard == 1 && move.from == 0 && move.to == 2)
        #expect(move.duration == 1)  // 4 GiB at 1 Gbit/s: 34 s, within one step.
        #expect(result.bytesMoved == 4 * gib)
        // At 100 Mbit/s the move takes 344 s: two steps of double occupancy.
        var slow = config(.reactive)
        slow.bandwidthBitsPerSecond = 1e8
        #expect(run(t, slow).moves.first?.duration == 2)
    }

    @Test("oracle moves before a known spike; reactive only after it starts")
    func oracleAnticipates() {
        // s1 jumps to 65 at the fourth step after warm-up (step 5): h0 = 115 > C.
        let after: [Double] = [30, 30, 30, 65, 65, 65, 30, 30]
        let t = trace(fourShards(s1: after))
        let staticResult = run(t, config(.static))
        #expect(staticResult.overloadMinutes == 3 * 5)
        let oracle = run(t, config(.oracle, horizon: 3))
        #expect(oracle.overloadMinutes == 0)
        #expect(oracle.moves.first.map { $0.step < 5 } == true)
        let reactive = run(t, config(.reactive))
        #expect(reactive.moves.first?.step == 5)
        // Step 5 is overloaded, and step 6 too: the shard still counts on its source during the move.
        #expect(reactive.overloadMinutes == 2 * 5)
    }

    @Test("a hot host with candidates and no destination counts blocked events")
    func blocked() {
        // One host at ρ = 1: C = 100, θ·C = 105; h0 = 70 + s1 is hot at the three steps where s1 = 45, and
        // every hot step is blocked.
        var oneHost = config(.reactive, hosts: 1)
        oneHost.targetLoad = 1
        oneHost.threshold = 1.05
        let result = run(trace(fourShards(s1: [30, 45, 45, 30, 45])), oneHost)
        #expect(result.migrations == 0)
        #expect(result.blocked == 3)
    }

    /// Twenty-four shards, half in anti-phase, with a daily pattern at 15-min steps (96 a day), 9 days.
    private func seasonalTrace(steps: Int = 96 * 9, poison: (from: Int, value: Double)? = nil) -> SimulationTrace {
        var rng = SplitMix64(seed: 11)
        let rows: [[Double]] = (0..<24).map { i in
            let phase = Double(i % 2) * 48
            let level = 20 + Double(i % 5) * 10
            return (0..<steps).map { t in
                let noise = 4 * (rng.nextDouble() - 0.5)
                if let poison, t >= poison.from { return poison.value }
                let wave = sin(2 * Double.pi * (Double(t) + phase) / 96)
                return max(0, level * (1 + 0.6 * wave) + noise)
            }
        }
        return SimulationTrace(
            shardNames: rows.indices.map { "s\($0)" }, resourceNames: ["cpu"], stepSeconds: 900, demand: [rows])
    }

    private func seasonalConfig(_ policy: SimulationPolicy, end: Int? = nil) -> SimulationConfiguration {
        SimulationConfiguration(
            hosts: 4, targetLoad: 0.7, threshold: 0.8, policy: policy, horizon: 4, quantile: 0.9, warmup: 96 * 7,
            season: 96, end: end)
    }

    @Test(
        "predictive never reads the future: a poisoned future beyond the end changes nothing",
        arguments: SimulationConfiguration.QuantileOffsets.allCases)
    func noFuture(_ offsets: SimulationConfiguration.QuantileOffsets) {
        let end = 96 * 8
        var config = seasonalConfig(.predictive, end: end)
        config.quantileOffsets = offsets
        let clean = run(seasonalTrace(), config)
        let nan = run(seasonalTrace(poison: (end, .nan)), config)
        let spike = run(seasonalTrace(poison: (end, 1e6)), config)
        #expect(clean == nan)
        #expect(clean == spike)
        #expect(clean.migrations > 0)
        // The same poison does change the oracle, which reads the future by design: the check can fail.
        let oracleClean = run(seasonalTrace(), seasonalConfig(.oracle, end: end))
        let oracleSpike = run(seasonalTrace(poison: (end, 1e6)), seasonalConfig(.oracle, end: end))
        #expect(oracleClean != oracleSpike)
    }

    /// Sixteen shards of white noise N(10, 3²) at 5-min steps.
    private func noiseTrace(steps: Int) -> SimulationTrace {
        var rng = SplitMix64(seed: 17)
        let rows: [[Double]] = (0..<16).map { _ in
            (0..<steps).map { _ in
                let u = max(1e-12, rng.nextDouble())
                return max(0, 10 + 3 * (-2 * log(u)).squareRoot() * cos(2 * Double.pi * rng.nextDouble()))
            }
        }
        return SimulationTrace(
            shardNames: rows.indices.map { "s\($0)" }, resourceNames: ["cpu"], stepSeconds: 300, demand: [rows])
    }

    @Test("online quantile offsets follow the realised errors where the fit's, from too short a warm-up, grow with √k")
    func onlineOffsets() {
        // A 2-hour warm-up (24 steps) leaves the fit fewer than 10 rolling origins for a 12-step horizon, so
        // its q0.9 offsets are z·σ·√k: ≈ 13 per shard at k = 12, ≈ 27 for a host of four shards, whose mean is
        // 40 against θ·C = 0.8 · 160 / (4 · 0.5) = 64: every host is hot at every step. The realised k-step
        // errors of white noise do not grow with k (≈ 1.3σ per shard, ≈ 8 per host): once each step has 10 of
        // them, a host of four shards is far from hot.
        var config = SimulationConfiguration(
            hosts: 4, targetLoad: 0.5, threshold: 0.8, policy: .predictive, horizon: 12, quantile: 0.9,
            quantileOffsets: .fit, warmup: 24)
        let trace = noiseTrace(steps: 24 + 200)
        let fit = run(trace, config)
        config.quantileOffsets = .online
        let online = run(trace, config)
        #expect(fit.blocked + fit.migrations >= 4 * 150, "fit: \(fit.blocked) blocked, \(fit.migrations) moves")
        #expect(
            online.blocked + online.migrations <= (fit.blocked + fit.migrations) / 4,
            "online: \(online.blocked) blocked, \(online.migrations) moves")
    }

    @Test("deterministic: the same inputs give the same result, for every policy and a random placement")
    func deterministic() {
        for policy in SimulationPolicy.allCases {
            var config = seasonalConfig(policy)
            config.seed = 3
            #expect(run(seasonalTrace(), config) == run(seasonalTrace(), config))
        }
        var a = seasonalConfig(.static)
        a.seed = 1
        var b = a
        b.seed = 2
        let sa = Simulator(trace: seasonalTrace(), configuration: a)
        let sb = Simulator(trace: seasonalTrace(), configuration: b)
        #expect(sa.initialPlacement(capacity: sa.capacity()) != sb.initialPlacement(capacity: sb.capacity()))
    }

    @Test("the policies order as expected on a daily pattern: oracle ≤ predictive, reactive < static")
    func ordering() {
        let staticResult = run(seasonalTrace(), seasonalConfig(.static))
        let reactive = run(seasonalTrace(), seasonalConfig(.reactive))
        let oracle = run(seasonalTrace(), seasonalConfig(.oracle))
        #expect(staticResult.overloadMinutes > 0)
        #expect(reactive.overloadMinutes < staticResult.overloadMinutes)
        #expect(oracle.overloadMinutes <= reactive.overloadMinutes)
    }

    @Test(
        "Bitbrains cpu_mhz + mem_mb on 8 hosts: static overloads, reactive migrates and overloads less",
        .enabled(if: TestPaths.shared != nil, "\(TestPaths.sharedMissing)"))
    func bitbrains() throws {
        let directory = TestPaths.shared!.appendingPathComponent("traces/bitbrains_rnd")
        let files = ["cpu": "cpu_mhz.csv", "mem": "mem_mb.csv"]
        let inputs = try ["cpu", "mem"].map { name in
            let path = directory.appendingPathComponent(files[name]!).path
            return (name: name, file: path, series: try TimeSeriesCSV.read(contentsOf: path))
        }
        let trace = try SimulationTrace(resources: inputs)
        #expect(trace.stepSeconds == 900 && trace.shards == 40)
        func config(_ policy: SimulationPolicy) -> SimulationConfiguration {
            SimulationConfiguration(
                hosts: 8, policy: policy, horizon: 4, warmup: 672, memoryResource: 1, season: 96, end: 672 + 96 * 7)
        }
        let staticResult = Simulator(trace: trace, configuration: config(.static)).run()
        let reactive = Simulator(trace: trace, configuration: config(.reactive)).run()
        #expect(staticResult.overloadMinutes > 0 && staticResult.migrations == 0)
        #expect(reactive.migrations > 0 && reactive.bytesMoved > 0)
        #expect(reactive.overloadMinutes < staticResult.overloadMinutes)
        #expect(reactive.overloadMinutesByResource.allSatisfy { $0 <= reactive.overloadMinutes })
    }
}
