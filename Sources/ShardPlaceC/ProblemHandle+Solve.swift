import ShardPlace
import Synchronization

extension ProblemHandle {
    /// Solves with the current options and keeps the result as the last solution. No lock is held while
    /// the annealer runs.
    func solve() -> Solution {
        let (compiled, options) = state.withLock { ($0.compiled, $0.options) }
        let result = Annealer(options: options).solve(compiled.model)
        let solution = Solution(
            placement: result.placement.leaves, cost: result.evaluation.total,
            isFeasible: result.evaluation.isFeasible, violations: result.evaluation.violations, moves: result.moves,
            seconds: result.elapsed)
        state.withLock { $0.solution = solution }
        return solution
    }

    /// A caller's placement, checked: `shardCount` locations, each a leaf or -1 (unplaced); `name` is the
    /// argument's name in messages.
    static func placement(
        _ pointer: UnsafePointer<Int32>?, model: CostModel, name: String = "placement"
    ) throws(CABIError) -> Placement {
        let leaves = Array(
            UnsafeBufferPointer(start: try CArguments.pointer(pointer, name), count: model.problem.shardCount))
        let leafCount = Int32(model.problem.leafCount)
        let bad = leaves.indices.filter { leaves[$0] < -1 || leaves[$0] >= leafCount }
        guard bad.isEmpty else {
            let shown = bad.prefix(3).map { "\(name)[\($0)] = \(leaves[$0])" }.joined(separator: ", ")
            throw .argument(
                "\(bad.count) bad location\(bad.count == 1 ? "" : "s") (\(shown)\(bad.count > 3 ? ", …" : "")): expected a location in 0..<\(leafCount) or -1 (unplaced)"
            )
        }
        return Placement(leaves: leaves)
    }

    /// One line naming what makes a placement infeasible (the first few violations).
    static func describe(_ violations: [Violation]) -> String {
        let shown = violations.prefix(5).map(\.message).joined(separator: "; ")
        let more = violations.count > 5 ? "; and \(violations.count - 5) more" : ""
        return "infeasible: \(violations.count) violation\(violations.count == 1 ? "" : "s"): \(shown)\(more)"
    }
}
