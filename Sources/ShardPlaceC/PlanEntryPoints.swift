// The migration-planning entry points of the C ABI (see shardplace.h).

internal import CShardPlace
import Glibc
import ShardPlace

/// The name of each move kind, as C strings that live as long as the process (written once, then only
/// read: safe to share between threads).
nonisolated(unsafe) let moveKindNames: [UnsafeMutablePointer<CChar>] = PlanHandle.kinds.map { strdup($0.rawValue)! }

@_cdecl("sp_problem_plan")
public func spProblemPlan(
    _ p: OpaquePointer?, _ shards: Int32, _ current: UnsafePointer<Int32>?, _ target: UnsafePointer<Int32>?,
    _ out: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    entryPoint { () throws(CABIError) -> Int32 in
        let problem = try HandleTable.shared.problem(p)
        let out = try CArguments.pointer(out, "out")
        let model = problem.compiled.model
        guard Int(shards) == model.problem.shardCount else {
            throw .argument(
                "shards is \(shards), but the problem has \(model.problem.shardCount) shards (the length of current and target)"
            )
        }
        let start = try current.map { pointer throws(CABIError) in
            try ProblemHandle.placement(pointer, model: model, name: "current")
        }
        let goal = try target.map { pointer throws(CABIError) in
            try ProblemHandle.placement(pointer, model: model, name: "target")
        }
        let plan = try problem.plan(current: start, target: goal)
        out.pointee = HandleTable.shared.insert(.plan(plan))
        if !plan.isFeasible {
            setLastError("target " + ProblemHandle.describe(plan.violations))
            return SP_INFEASIBLE
        }
        if let shortfall = plan.shortfall {
            setLastError(shortfall)
            return SP_INCOMPLETE
        }
        return SP_OK
    }
}

@_cdecl("sp_plan_size")
public func spPlanSize(_ plan: OpaquePointer?, _ what: UnsafePointer<CChar>?) -> Int32 {
    entryPoint { () throws(CABIError) -> Int32 in
        let handle = try HandleTable.shared.plan(plan)
        let p = handle.plan
        let count: Int
        switch try CArguments.string(what, "what") {
        case "waves": count = p.waves.count
        case "moves": count = p.moveCount
        case "staged": count = p.stagedCount
        case "blocked": count = p.blocked.count
        case "deferred": count = p.deferred.count
        case "rebinds": count = p.rebinds.count
        case "shards": count = handle.model.problem.shardCount
        case let other:
            throw .argument(
                "unknown size \"\(other)\": expected \"waves\", \"moves\", \"staged\", \"blocked\", \"deferred\", \"rebinds\" or \"shards\""
            )
        }
        return Int32(clamping: count)
    }
}

@_cdecl("sp_plan_value")
public func spPlanValue(
    _ plan: OpaquePointer?, _ what: UnsafePointer<CChar>?, _ value: UnsafeMutablePointer<Double>?
) -> Int32 {
    entryPoint { () throws(CABIError) -> Int32 in
        let handle = try HandleTable.shared.plan(plan)
        let name = try CArguments.string(what, "what")
        let value = try CArguments.pointer(value, "value")
        let p = handle.plan
        let resolved = handle.planned.resolved
        switch name {
        case "bytes": value.pointee = p.bytes
        case "seconds": value.pointee = p.seconds
        case "costBefore": value.pointee = handle.costBefore
        case "costAfter": value.pointee = resolved.evaluation.total
        case "feasible": value.pointee = handle.isFeasible ? 1 : 0
        case "complete": value.pointee = p.isComplete ? 1 : 0
        case "withinLimits": value.pointee = resolved.withinBudget ? 1 : 0
        case "reverted": value.pointee = Double(resolved.reverted)
        case "version": value.pointee = Double(p.finalVersion)
        default:
            throw .argument(
                "unknown value \"\(name)\": expected \"bytes\", \"seconds\", \"costBefore\", \"costAfter\", \"feasible\", \"complete\", \"withinLimits\", \"reverted\" or \"version\""
            )
        }
        return SP_OK
    }
}

@_cdecl("sp_plan_moves")
public func spPlanMoves(
    _ plan: OpaquePointer?, _ shard: UnsafeMutablePointer<Int32>?, _ from: UnsafeMutablePointer<Int32>?,
    _ to: UnsafeMutablePointer<Int32>?, _ wave: UnsafeMutablePointer<Int32>?, _ kind: UnsafeMutablePointer<Int32>?,
    _ count: Int32
) -> Int32 {
    entryPoint { () throws(CABIError) -> Int32 in
        let p = try HandleTable.shared.plan(plan).plan
        guard count >= 0, Int(count) >= p.moveCount else {
            throw .argument("count is \(count), expected at least sp_plan_size(plan, \"moves\") = \(p.moveCount)")
        }
        var i = 0
        for (w, moves) in p.waves.enumerated() {
            for m in moves.moves {
                shard?[i] = Int32(m.shard)
                from?[i] = Int32(m.from)
                to?[i] = Int32(m.to)
                wave?[i] = Int32(w)
                kind?[i] = Int32(PlanHandle.kinds.firstIndex(of: m.kind)!)
                i += 1
            }
        }
        return SP_OK
    }
}

@_cdecl("sp_plan_move_kind_name")
public func spPlanMoveKindName(_ kind: Int32) -> UnsafePointer<CChar>? {
    guard kind >= 0, Int(kind) < moveKindNames.count else {
        setLastError("move kind \(kind) is out of range 0..<\(moveKindNames.count)")
        return nil
    }
    return UnsafePointer(moveKindNames[Int(kind)])
}

@_cdecl("sp_plan_blocked")
public func spPlanBlocked(
    _ plan: OpaquePointer?, _ which: UnsafePointer<CChar>?, _ index: Int32, _ shard: UnsafeMutablePointer<Int32>?,
    _ from: UnsafeMutablePointer<Int32>?, _ to: UnsafeMutablePointer<Int32>?, _ buffer: UnsafeMutablePointer<CChar>?,
    _ capacity: Int, _ length: UnsafeMutablePointer<Int>?
) -> Int32 {
    entryPoint { () throws(CABIError) -> Int32 in
        let p = try HandleTable.shared.plan(plan).plan
        let list: [BlockedMove]
        switch try CArguments.string(which, "which") {
        case "blocked": list = p.blocked
        case "deferred": list = p.deferred
        case let other: throw .argument("unknown list \"\(other)\": expected \"blocked\" or \"deferred\"")
        }
        guard index >= 0, Int(index) < list.count else {
            throw .argument("index \(index) is out of range 0..<\(list.count) (the \(list.count) moves of the list)")
        }
        let move = list[Int(index)]
        let status = try CArguments.copy(
            move.reasons.joined(separator: "; "), into: buffer, capacity: capacity, length: length)
        shard?.pointee = Int32(move.shard)
        from?.pointee = Int32(move.from)
        to?.pointee = Int32(move.to)
        return status
    }
}

@_cdecl("sp_plan_placement")
public func spPlanPlacement(
    _ plan: OpaquePointer?, _ which: UnsafePointer<CChar>?, _ placement: UnsafeMutablePointer<Int32>?, _ count: Int32
) -> Int32 {
    entryPoint { () throws(CABIError) -> Int32 in
        let handle = try HandleTable.shared.plan(plan)
        let leaves: [Int32]
        switch try CArguments.string(which, "which") {
        case "current": leaves = handle.current.leaves
        case "target": leaves = handle.planned.resolved.target.leaves
        case "final": leaves = handle.plan.finalPlacement.leaves
        case let other:
            throw .argument("unknown placement \"\(other)\": expected \"current\", \"target\" or \"final\"")
        }
        let out = try CArguments.pointer(placement, "placement")
        guard count >= 0, Int(count) >= leaves.count else {
            throw .argument("count is \(count), expected at least the \(leaves.count) shards")
        }
        leaves.withUnsafeBufferPointer { out.update(from: $0.baseAddress!, count: $0.count) }
        return SP_OK
    }
}

@_cdecl("sp_plan_json")
public func spPlanJSON(
    _ plan: OpaquePointer?, _ buffer: UnsafeMutablePointer<CChar>?, _ capacity: Int,
    _ length: UnsafeMutablePointer<Int>?
) -> Int32 {
    entryPoint { () throws(CABIError) -> Int32 in
        let handle = try HandleTable.shared.plan(plan)
        return try CArguments.copy(handle.jsonDocument, into: buffer, capacity: capacity, length: length)
    }
}

@_cdecl("sp_plan_free")
public func spPlanFree(_ plan: OpaquePointer?) {
    guard plan != nil else { return }
    _ = entryPoint { () throws(CABIError) -> Int32 in
        try HandleTable.shared.remove(plan, .plan)
        return SP_OK
    }
}
