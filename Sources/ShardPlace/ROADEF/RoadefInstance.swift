import Foundation

/// The Google ROADEF/EURO 2012 machine-reassignment challenge formats: a model file and assignment
/// files (initial and solution), read into a ``Scenario`` whose cost terms are the challenge's objective
/// term by term:
///
/// | challenge | scenario |
/// |---|---|
/// | resource r: transient flag, weightLoadCost | ``Resource/transient``, ``Resource/loadWeight`` |
/// | machine m: neighborhood, location | host labels `neighborhood`, `location` |
/// | capacity, safety capacity | ``Host/capacity``, ``Host/safetyCapacity`` |
/// | machine move cost row | ``Host/moveCost``; weight ``Policy/Weights/hostMoves`` |
/// | service: conflict, spreadMin, dependencies | group with `antiAffinity: "host"`, `spread {location, spreadMin}`, `dependsOn {…, neighborhood}` |
/// | process: service, requirement, process move cost | shard group, demand, ``Shard/moveCost``; weight ``Policy/Weights/migration`` |
/// | service move cost | ``Policy/Weights/groupMoves`` (largest number of moved shards of one group) |
/// | balance objectives (r1, r2, target, weight) | ``Policy/balance`` |
///
/// Only these terms are weighted (traffic, imbalance, fragmentation, price and bytes have weight 0).
public enum Roadef {
    /// Reads a model and an initial assignment into a scenario whose current placement is the assignment.
    ///
    /// - Throws: ``ScenarioError`` naming the file and what was expected where it is not.
    public static func scenario(
        model modelPath: String, assignment assignmentPath: String
    ) throws(ScenarioError) -> Scenario {
        var model = try Tokens(path: modelPath)
        let resourceCount = try model.int("number of resources")
        var resources: [Resource] = []
        for r in 0..<resourceCount {
            let transient = try model.int("transient flag of resource \(r)")
            let weight = try model.int("load cost weight of resource \(r)")
            resources.append(Resource(name: "r\(r)", transient: transient != 0, loadWeight: Double(weight), weight: 1))
        }
        let machineCount = try model.int("number of machines")
        var hosts: [Host] = []
        hosts.reserveCapacity(machineCount)
        for m in 0..<machineCount {
            let neighborhood = try model.int("neighborhood of machine \(m)")
            let location = try model.int("location of machine \(m)")
            var capacity: [Double] = []
            for r in 0..<resourceCount {
                capacity.append(Double(try model.int("capacity of machine \(m), resource \(r)")))
            }
            var safety: [Double] = []
            for r in 0..<resourceCount {
                safety.append(Double(try model.int("safety capacity of machine \(m), resource \(r)")))
            }
            var moveCost: [Double] = []
            moveCost.reserveCapacity(machineCount)
            for k in 0..<machineCount { moveCost.append(Double(try model.int("move cost of machine \(m) to \(k)"))) }
            hosts.append(
                Host(
                    id: "m\(m)", labels: ["neighborhood": "n\(neighborhood)", "location": "l\(location)"],
                    capacity: capacity,
                    safetyCapacity: safety, moveCost: moveCost))
        }
        let serviceCount = try model.int("number of services")
        var groups: [Group] = []
        for s in 0..<serviceCount {
            let spreadMin = try model.int("spreadMin of service \(s)")
            let dependencyCount = try model.int("dependency count of service \(s)")
            var dependsOn: [Group.Dependency] = []
            for _ in 0..<dependencyCount {
                dependsOn.append(
                    Group.Dependency(group: "s\(try model.int("dependency of service \(s)"))", key: "neighborhood"))
            }
            groups.append(
                Group(
                    id: "s\(s)", antiAffinity: "host",
                    spread: spreadMin > 0 ? Group.Spread(key: "location", min: spreadMin) : nil,
                    dependsOn: dependsOn))
        }
        let processCount = try model.int("number of processes")
        var shards: [Shard] = []
        shards.reserveCapacity(processCount)
        for p in 0..<processCount {
            let service = try model.int("service of process \(p)")
            var demand: [Double] = []
            for r in 0..<resourceCount {
                demand.append(Double(try model.int("requirement of process \(p), resource \(r)")))
            }
            let moveCost = try model.int("move cost of process \(p)")
            shards.append(Shard(id: "p\(p)", group: "s\(service)", demand: demand, moveCost: Double(moveCost)))
        }
        let balanceCount = try model.int("number of balance objectives")
        var balance: [Policy.BalanceObjective] = []
        for b in 0..<balanceCount {
            let r1 = try model.int("first resource of balance objective \(b)")
            let r2 = try model.int("second resource of balance objective \(b)")
            let target = try model.int("target of balance objective \(b)")
            let weight = try model.int("weight of balance objective \(b)")
            balance.append(
                Policy.BalanceObjective(
                    resource: "r\(r1)", over: "r\(r2)", target: Double(target), weight: Double(weight)))
        }
        var policy = Policy()
        policy.weights = Policy.Weights()
        policy.weights.load = 1
        policy.weights.balance = 1
        policy.weights.traffic = 0
        policy.weights.migration = Double(try model.int("process move cost weight"))
        policy.weights.groupMoves = Double(try model.int("service move cost weight"))
        policy.weights.hostMoves = Double(try model.int("machine move cost weight"))
        policy.balance = balance
        policy.domainLevels = []
        policy.fragmentationReference = [Double](repeating: 0, count: resourceCount)

        var assignment = try Tokens(path: assignmentPath)
        var placement: [String: String] = [:]
        placement.reserveCapacity(processCount)
        for p in 0..<processCount {
            let m = try assignment.int("machine of process \(p)")
            guard m >= 0 && m < machineCount else {
                throw ScenarioError(
                    file: assignmentPath,
                    issues: [.init(path: "process \(p)", message: "machine \(m) out of 0..<\(machineCount)")])
            }
            placement["p\(p)"] = "m\(m)"
        }
        return Scenario(
            name: URL(fileURLWithPath: modelPath).lastPathComponent, resources: resources, hosts: hosts, groups: groups,
            shards: shards, placement: placement, depth: .host, policy: policy)
    }

    /// The solution file: the machine index of each process, in process order, on one line.
    public static func solution(_ placement: Placement, problem: Problem) -> String {
        placement.leaves.map { String(problem.host(ofLeaf: Int($0))) }.joined(separator: " ") + "\n"
    }

    /// Whitespace-separated integers with the file and what is being read in every error.
    struct Tokens {
        let path: String
        private let bytes: [UInt8]
        private var index = 0

        init(path: String) throws(ScenarioError) {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ScenarioError(file: path, issues: [.init(path: "", message: "cannot read the file")])
            }
            self.path = path
            self.bytes = [UInt8](data)
        }

        /// The next integer; `what` (built only for an error: a set-B model has 25 M numbers) names it.
        mutating func int(_ what: @autoclosure () -> String) throws(ScenarioError) -> Int {
            while index < bytes.count,
                bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09
            {
                index += 1
            }
            guard index < bytes.count else {
                throw ScenarioError(
                    file: path, issues: [.init(path: "", message: "the file ends where the \(what()) was expected")])
            }
            var negative = false
            if bytes[index] == UInt8(ascii: "-") {
                negative = true
                index += 1
            }
            var value = 0
            var digits = 0
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                value = value * 10 + Int(bytes[index] - 0x30)
                index += 1
                digits += 1
            }
            guard digits > 0 else {
                throw ScenarioError(
                    file: path, issues: [.init(path: "", message: "expected an integer (the \(what()))")])
            }
            return negative ? -value : value
        }
    }
}

extension Roadef {
    /// Reads an assignment file (a machine index per process) as a placement of `problem`.
    /// - Throws: ``ScenarioError`` naming the file and the process whose machine is missing or invalid.
    public static func assignment(contentsOf path: String, problem: Problem) throws(ScenarioError) -> Placement {
        var tokens = try Tokens(path: path)
        var leaves = [Int32](repeating: -1, count: problem.shardCount)
        for p in 0..<problem.shardCount {
            let m = try tokens.int("machine of process \(p)")
            guard m >= 0 && m < problem.hostCount else {
                throw ScenarioError(
                    file: path,
                    issues: [.init(path: "process \(p)", message: "machine \(m) out of 0..<\(problem.hostCount)")])
            }
            leaves[p] = Int32(problem.leaves(ofHost: m).lowerBound)
        }
        return Placement(leaves: leaves)
    }
}
