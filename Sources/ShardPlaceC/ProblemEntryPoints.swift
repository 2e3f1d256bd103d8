// The problem entry points of the C ABI (see shardplace.h).

internal import CShardPlace
import ShardPlace
import Synchronization

@_cdecl("sp_problem_create")
public func spProblemCreate(
    _ shards: Int32, _ hosts: Int32, _ resources: Int32, _ demand: UnsafePointer<Float>?,
    _ capacity: UnsafePointer<Float>?, _ group: UnsafePointer<Int32>?, _ out: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    spProblemCreateWithTraffic(shards, hosts, resources, demand, capacity, group, nil, nil, nil, out)
}

@_cdecl("sp_problem_create_with_traffic")
public func spProblemCreateWithTraffic(
    _ shards: Int32, _ hosts: Int32, _ resources: Int32, _ demand: UnsafePointer<Float>?,
    _ capacity: UnsafePointer<Float>?, _ group: UnsafePointer<Int32>?, _ offsets: UnsafePointer<Int32>?,
    _ targets: UnsafePointer<Int32>?, _ weights: UnsafePointer<Float>?, _ out: UnsafeMutablePointer<OpaquePointer?>?
) -> Int32 {
    entryPoint { () throws(CABIError) -> Int32 in
        let out = try CArguments.pointer(out, "out")
        let n = try CArguments.count(shards, "shards")
        let m = try CArguments.count(hosts, "hosts")
        let d = try CArguments.count(resources, "resources")
        let demandRows = UnsafeBufferPointer(start: try CArguments.pointer(demand, "demand"), count: n * d)
        let capacityRows = UnsafeBufferPointer(start: try CArguments.pointer(capacity, "capacity"), count: m * d)
        let groups = group.map { Array(UnsafeBufferPointer(start: $0, count: n)).map(Int.init) } ?? []
        var traffic: [(from: Int, to: Int, volume: Double)] = []
        if let offsets {
            let start = Array(UnsafeBufferPointer(start: offsets, count: n + 1))
            guard start[0] == 0 else { throw .argument("offsets[0] is \(start[0]), expected 0") }
            if let s = (0..<n).first(where: { start[$0 + 1] < start[$0] }) {
                throw .argument(
                    "offsets[\(s + 1)] = \(start[s + 1]) is below offsets[\(s)] = \(start[s]): offsets never decrease")
            }
            let edges = Int(start[n])
            if edges > 0 {
                let to = UnsafeBufferPointer(start: try CArguments.pointer(targets, "targets"), count: edges)
                let volume = UnsafeBufferPointer(start: try CArguments.pointer(weights, "weights"), count: edges)
                traffic.reserveCapacity(edges)
                for s in 0..<n {
                    for k in Int(start[s])..<Int(start[s + 1]) {
                        traffic.append((from: s, to: Int(to[k]), volume: Double(volume[k])))
                    }
                }
            }
        } else if targets != nil || weights != nil {
            throw .argument("targets or weights given without offsets")
        }
        let scenario: Scenario
        do throws(ScenarioError) {
            scenario = try Scenario(
                resourceCount: d, demand: demandRows.map(Double.init), capacity: capacityRows.map(Double.init),
                groups: groups, traffic: traffic)
        } catch {
            throw .argument(error.description.split(separator: "\n").prefix(5).joined(separator: "; "))
        }
        out.pointee = HandleTable.shared.insert(.problem(try ProblemHandle(scenario)))
        return SP_OK
    }
}

@_cdecl("sp_problem_create_json")
public func spProblemCreateJSON(_ json: UnsafePointer<CChar>?, _ out: UnsafeMutablePointer<OpaquePointer?>?) -> Int32 {
    entryPoint { () throws(CABIError) -> Int32 in
        let out = try CArguments.pointer(out, "out")
        let text = try CArguments.string(json, "json")
        let scenario: Scenario
        do throws(ScenarioError) {
            scenario = try ScenarioLoader.parse(text, format: .json, file: "scenario")
        } catch {
            throw CABIError(status: SP_ERR_SCENARIO, message: error.description.replacingNewlines())
        }
        out.pointee = HandleTable.shared.insert(.problem(try ProblemHandle(scenario)))
        return SP_OK
    }
}

@_cdecl("sp_problem_set_option")
public func spProblemSetOption(_ p: OpaquePointer?, _ name: UnsafePointer<CChar>?, _ value: Double) -> Int32 {
    entryPoint { () throws(CABIError) -> Int32 in
        let problem = try HandleTable.shared.problem(p)
        try problem.setOption(try CArguments.string(name, "name"), value)
        return SP_OK
    }
}

@_cdecl("sp_problem_set_weight")
public func spProblemSetWeight(_ p: OpaquePointer?, _ term: UnsafePointer<CChar>?, _ weight: Double) -> Int32 {
    entryPoint { () throws(CABIError) -> Int32 in
        let problem = try HandleTable.shared.problem(p)
        try problem.setWeight(try CArguments.string(term, "term"), weight)
        return SP_OK
    }
}

@_cdecl("sp_problem_weight")
public func spProblemWeight(
    _ p: OpaquePointer?, _ term: UnsafePointer<CChar>?, _ weight: UnsafeMutablePointer<Double>?
) -> Int32 {
    entryPoint { () throws(CABIError) -> Int32 in
        let problem = try HandleTable.shared.problem(p)
        let name = try CArguments.string(term, "term")
        let out = try CArguments.pointer(weight, "weight")
        out.pointee = try problem.weight(name)
        return SP_OK
    }
}

@_cdecl("sp_problem_size")
public func spProblemSize(_ p: OpaquePointer?, _ what: UnsafePointer<CChar>?) -> Int32 {
    entryPoint { () throws(CABIError) -> Int32 in
        let compiled = try HandleTable.shared.problem(p).compiled
        switch try CArguments.string(what, "what") {
        case "shards": return Int32(compiled.model.problem.shardCount)
        case "hosts": return Int32(compiled.model.problem.hostCount)
        case "resources": return Int32(compiled.model.problem.resourceCount)
        case "leaves": return Int32(compiled.model.problem.leafCount)
        case "groups": return Int32(compiled.model.problem.groupCount)
        case "terms": return Int32(termNames.count)
        case let other:
            throw .argument(
                "unknown size \"\(other)\": expected \"shards\", \"hosts\", \"resources\", \"leaves\", \"groups\" or \"terms\""
            )
        }
    }
}

@_cdecl("sp_problem_leaf_host")
public func spProblemLeafHost(_ p: OpaquePointer?, _ leaf: Int32) -> Int32 {
    entryPoint { () throws(CABIError) -> Int32 in
        let compiled = try HandleTable.shared.problem(p).compiled
        guard leaf >= 0, Int(leaf) < compiled.model.problem.leafCount else {
            throw .argument("leaf \(leaf) is out of range 0..<\(compiled.model.problem.leafCount)")
        }
        return Int32(compiled.model.problem.host(ofLeaf: Int(leaf)))
    }
}

@_cdecl("sp_problem_name")
public func spProblemName(
    _ p: OpaquePointer?, _ what: UnsafePointer<CChar>?, _ index: Int32, _ buffer: UnsafeMutablePointer<CChar>?,
    _ capacity: Int, _ length: UnsafeMutablePointer<Int>?
) -> Int32 {
    entryPoint { () throws(CABIError) -> Int32 in
        let compiled = try HandleTable.shared.problem(p).compiled
        let names: [String]
        switch try CArguments.string(what, "what") {
        case "shard": names = compiled.model.problem.shardIDs
        case "host": names = compiled.model.problem.hostIDs
        case "resource": names = compiled.model.problem.resourceNames
        case "group": names = compiled.model.problem.groupIDs
        case "leaf": names = compiled.model.problem.leafNames
        case let other:
            throw .argument(
                "unknown item \"\(other)\": expected \"shard\", \"host\", \"resource\", \"group\" or \"leaf\"")
        }
        guard index >= 0, Int(index) < names.count else {
            throw .argument("index \(index) is out of range 0..<\(names.count)")
        }
        return try CArguments.copy(names[Int(index)], into: buffer, capacity: capacity, length: length)
    }
}

@_cdecl("sp_problem_solve")
public func spProblemSolve(_ p: OpaquePointer?, _ placement: UnsafeMutablePointer<Int32>?) -> Int32 {
    entryPoint { () throws(CABIError) -> Int32 in
        let problem = try HandleTable.shared.problem(p)
        let out = try CArguments.pointer(placement, "placement")
        let solution = problem.solve()
        solution.placement.withUnsafeBufferPointer { out.update(from: $0.baseAddress!, count: $0.count) }
        guard solution.isFeasible else {
            setLastError(ProblemHandle.describe(solution.violations))
            return SP_INFEASIBLE
        }
        return SP_OK
    }
}

@_cdecl("sp_problem_solution")
public func spProblemSolution(
    _ p: OpaquePointer?, _ placement: UnsafeMutablePointer<Int32>?, _ cost: UnsafeMutablePointer<Double>?,
    _ feasible: UnsafeMutablePointer<Int32>?, _ moves: UnsafeMutablePointer<Int64>?,
    _ seconds: UnsafeMutablePointer<Double>?
) -> Int32 {
    entryPoint { () throws(CABIError) -> Int32 in
        let problem = try HandleTable.shared.problem(p)
        guard let solution = problem.state.withLock({ $0.solution }) else {
            throw .state("no solution yet: call sp_problem_solve first (a \"depth\" change also discards it)")
        }
        if let placement {
            solution.placement.withUnsafeBufferPointer { placement.update(from: $0.baseAddress!, count: $0.count) }
        }
        cost?.pointee = solution.cost
        feasible?.pointee = solution.isFeasible ? 1 : 0
        moves?.pointee = Int64(solution.moves)
        seconds?.pointee = solution.seconds
        return SP_OK
    }
}

@_cdecl("sp_problem_evaluate")
public func spProblemEvaluate(
    _ p: OpaquePointer?, _ placement: UnsafePointer<Int32>?, _ cost: UnsafeMutablePointer<Double>?,
    _ feasible: UnsafeMutablePointer<Int32>?
) -> Int32 {
    entryPoint { () throws(CABIError) -> Int32 in
        let compiled = try HandleTable.shared.problem(p).compiled
        let given = try ProblemHandle.placement(placement, model: compiled.model)
        let cost = try CArguments.pointer(cost, "cost")
        let feasible = try CArguments.pointer(feasible, "feasible")
        let evaluation = compiled.model.evaluate(given)
        cost.pointee = evaluation.total
        feasible.pointee = evaluation.isFeasible ? 1 : 0
        return SP_OK
    }
}

@_cdecl("sp_problem_breakdown")
public func spProblemBreakdown(
    _ p: OpaquePointer?, _ placement: UnsafePointer<Int32>?, _ terms: UnsafeMutablePointer<Double>?,
    _ weighted: UnsafeMutablePointer<Double>?, _ count: Int32
) -> Int32 {
    entryPoint { () throws(CABIError) -> Int32 in
        let compiled = try HandleTable.shared.problem(p).compiled
        let given = try ProblemHandle.placement(placement, model: compiled.model)
        guard count >= termNames.count else {
            throw .argument("count is \(count), expected at least sp_term_count() = \(termNames.count)")
        }
        guard terms != nil || weighted != nil else { throw .argument("terms and weighted are both NULL") }
        let evaluation = compiled.model.evaluate(given)
        let names = CostTerms.hardNames + CostTerms.softNames
        for (i, name) in names.enumerated() {
            terms?[i] = evaluation.terms[name] ?? 0
            weighted?[i] = evaluation.weightedTerms[name] ?? 0
        }
        return SP_OK
    }
}

@_cdecl("sp_problem_free")
public func spProblemFree(_ p: OpaquePointer?) {
    guard p != nil else { return }
    _ = entryPoint { () throws(CABIError) -> Int32 in
        try HandleTable.shared.remove(p, .problem)
        return SP_OK
    }
}

extension String {
    /// The text on one line (`; ` between lines), as `sp_last_error` messages are.
    fileprivate func replacingNewlines() -> String { split(separator: "\n").joined(separator: "; ") }
}
