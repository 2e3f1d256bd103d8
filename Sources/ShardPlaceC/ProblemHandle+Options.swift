import ShardPlace
import Synchronization

extension ProblemHandle {
    /// The largest integer a `double` option carries exactly (2^53).
    private static let largestExactInteger = 9_007_199_254_740_992.0

    /// Every option name, in the order the header lists them.
    static let optionNames = [
        "threads", "seed", "seconds", "iterations", "depth", "maxConcurrentPerHost", "maxMovesTotal",
        "maxMovesPerHost", "maxMovesPerDomain", "maxBytesPerWave", "maxBytesTotal", "bandwidth",
    ]

    /// Sets one solve or planning option (see `sp_problem_set_option` in shardplace.h for names and
    /// ranges).
    func setOption(_ name: String, _ value: Double) throws(CABIError) {
        func integer(_ range: ClosedRange<Double>) throws(CABIError) -> Int {
            guard value.isFinite, value.rounded() == value, range.contains(value) else {
                throw .argument(
                    "option \"\(name)\" is \(value): expected an integer in \(Int(range.lowerBound))...\(Int(range.upperBound))"
                )
            }
            return Int(value)
        }
        // A planning limit: -1 for none, else an integer ≥ `minimum`.
        func countLimit(minimum: Int) throws(CABIError) -> Int? {
            guard value != -1 else { return nil }
            guard value.isFinite, value.rounded() == value, value >= Double(minimum), value <= Self.largestExactInteger
            else {
                throw .argument(
                    "option \"\(name)\" is \(value): expected an integer ≥ \(minimum), or -1 for no limit")
            }
            return Int(value)
        }
        // A planning amount: -1 for none (or the default), else a finite number ≥ 0 (> 0 when `positive`).
        func amount(positive: Bool) throws(CABIError) -> Double? {
            guard value != -1 else { return nil }
            guard value.isFinite, positive ? value > 0 : value >= 0 else {
                throw .argument(
                    "option \"\(name)\" is \(value): expected a finite number \(positive ? "> 0" : "≥ 0"), or -1 for "
                        + (positive ? "the default" : "no limit"))
            }
            return value
        }
        switch name {
        case "threads":
            let threads = try integer(0...4096)
            state.withLock { $0.options.threads = threads == 0 ? nil : threads }
        case "seed":
            let seed = try integer(0...Self.largestExactInteger)
            state.withLock { $0.options.seed = UInt64(seed) }
        case "seconds":
            guard value.isFinite, value >= 0 else {
                throw .argument("option \"seconds\" is \(value): expected a finite number ≥ 0 (0 = no time limit)")
            }
            state.withLock { $0.options.timeLimit = value == 0 ? nil : value }
        case "iterations":
            let iterations = try integer(0...Self.largestExactInteger)
            state.withLock { $0.options.iterations = iterations == 0 ? nil : iterations }
        case "depth":
            let code = try integer(0...3)
            let depth: PlacementDepth = [.host, .numa, .l3, .core][code]
            try reconfigure("option \"depth\" = \(code) (\(depth.rawValue))") { $0.depth = depth }
        case "maxConcurrentPerHost":
            let limit = try countLimit(minimum: 1)
            updateScenario { $0.policy.migration.maxConcurrentPerHost = limit }
        case "maxMovesTotal":
            let limit = try countLimit(minimum: 0)
            updateScenario { $0.policy.migration.maxMovesTotal = limit }
        case "maxMovesPerHost":
            let limit = try countLimit(minimum: 0)
            updateScenario { $0.policy.migration.maxMovesPerHost = limit }
        case "maxMovesPerDomain":
            let limit = try countLimit(minimum: 0)
            updateScenario { $0.policy.migration.maxMovesPerDomain = limit }
        case "maxBytesPerWave":
            let limit = try amount(positive: false)
            updateScenario { $0.policy.migration.maxBytesPerWave = limit }
        case "maxBytesTotal":
            let limit = try amount(positive: false)
            state.withLock { $0.maxBytesTotal = limit }
        case "bandwidth":
            let bandwidth = try amount(positive: true)
            updateScenario { $0.policy.migration.bandwidth = bandwidth }
        default:
            throw .argument(
                "unknown option \"\(name)\": expected one of "
                    + Self.optionNames.map { "\"\($0)\"" }.joined(separator: ", "))
        }
    }

    /// Changes fields of the scenario that the compiled model does not use (the migration limits).
    private func updateScenario(_ change: (inout Scenario) -> Void) {
        configuring.withLock { _ in state.withLock { change(&$0.scenario) } }
    }

    /// Changes the scenario and recompiles it; the last solution goes (it was priced by the old model).
    /// Changes are serialised, so that two threads changing different fields both take effect; calls
    /// that only read keep using the model they took.
    func reconfigure(_ what: String, _ change: (inout Scenario) -> Void) throws(CABIError) {
        try configuring.withLock { _ throws(CABIError) in
            var scenario = state.withLock { $0.scenario }
            let before = scenario
            change(&scenario)
            guard scenario != before else { return }
            let issues = scenario.validate()
            guard issues.isEmpty else {
                throw .argument("\(what): " + issues.map(\.description).joined(separator: "; "))
            }
            let model = try Self.compile(scenario)
            state.withLock {
                $0.scenario = scenario
                $0.compiled = Compiled(model)
                $0.solution = nil
            }
        }
    }
}
