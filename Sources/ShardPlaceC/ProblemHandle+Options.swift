import ShardPlace
import Synchronization

extension ProblemHandle {
    /// The largest integer a `double` option carries exactly (2^53).
    private static let largestExactInteger = 9_007_199_254_740_992.0

    /// Sets one solve option (see `sp_problem_set_option` in shardplace.h for names and ranges).
    func setOption(_ name: String, _ value: Double) throws(CABIError) {
        func integer(_ range: ClosedRange<Double>) throws(CABIError) -> Int {
            guard value.isFinite, value.rounded() == value, range.contains(value) else {
                throw .argument(
                    "option \"\(name)\" is \(value): expected an integer in \(Int(range.lowerBound))...\(Int(range.upperBound))"
                )
            }
            return Int(value)
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
            var scenario = state.withLock { $0.scenario }
            guard scenario.depth != depth else { return }
            scenario.depth = depth
            let issues = scenario.validate()
            guard issues.isEmpty else {
                throw .argument(
                    "option \"depth\" = \(code) (\(depth.rawValue)): "
                        + issues.map(\.description).joined(separator: "; "))
            }
            let model = try Self.compile(scenario)
            state.withLock {
                $0.scenario = scenario
                $0.compiled = Compiled(model)
                $0.solution = nil
            }
        default:
            throw .argument(
                "unknown option \"\(name)\": expected \"threads\", \"seed\", \"seconds\", \"iterations\" or \"depth\"")
        }
    }
}
