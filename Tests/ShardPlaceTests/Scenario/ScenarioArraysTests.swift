import ShardPlace
import Testing

/// `Scenario(resourceCount:demand:capacity:groups:traffic:)`: the same scenario as one written by hand,
/// and every bad entry named by its array and position.
@Suite struct ScenarioArraysTests {
    /// 5 shards × 3 hosts × 2 resources; shards 0, 1, 2 in group 4, shards 3, 4 in group 0.
    static let demand: [Double] = [1, 2, 1, 2, 1, 2, 3, 1, 0.5, 0]
    static let capacity: [Double] = [4, 4, 4, 4, 6, 2]
    static let groups = [4, 4, 4, 0, 0]

    /// The same problem written out by hand, as a user of the value types would.
    static var handWritten: Scenario {
        Scenario(
            resources: [Resource(name: "r0"), Resource(name: "r1")],
            hosts: [
                Host(id: "h0", capacity: [4, 4]), Host(id: "h1", capacity: [4, 4]), Host(id: "h2", capacity: [6, 2]),
            ],
            groups: [Group(id: "g0", antiAffinity: "host"), Group(id: "g4", antiAffinity: "host")],
            shards: [
                Shard(id: "s0", group: "g4", demand: [1, 2]), Shard(id: "s1", group: "g4", demand: [1, 2]),
                Shard(id: "s2", group: "g4", demand: [1, 2]), Shard(id: "s3", group: "g0", demand: [3, 1]),
                Shard(id: "s4", group: "g0", demand: [0.5, 0]),
            ],
            traffic: [TrafficEdge(from: "s0", to: "s3", volume: 2.5)])
    }

    @Test("equals the hand-written scenario")
    func equalsHandWritten() throws {
        let scenario = try Scenario(
            resourceCount: 2, demand: Self.demand, capacity: Self.capacity, groups: Self.groups,
            traffic: [(from: 0, to: 3, volume: 2.5)])
        #expect(scenario == Self.handWritten)
    }

    @Test("prices every placement as the hand-written scenario does")
    func samePrices() throws {
        let fromArrays = CostModel(
            try Problem(
                try Scenario(resourceCount: 2, demand: Self.demand, capacity: Self.capacity, groups: Self.groups)))
        var hand = Self.handWritten
        hand.traffic = []
        let byHand = CostModel(try Problem(hand))
        // Every placement of 5 shards on 3 hosts (243), brute force.
        for code in 0..<243 {
            var rest = code
            let leaves = (0..<5).map { _ -> Int32 in
                defer { rest /= 3 }
                return Int32(rest % 3)
            }
            let a = fromArrays.evaluate(Placement(leaves: leaves))
            let b = byHand.evaluate(Placement(leaves: leaves))
            #expect(a.total == b.total && a.isFeasible == b.isFeasible && a.terms == b.terms)
        }
    }

    @Test("no groups and no traffic by default")
    func defaults() throws {
        let scenario = try Scenario(resourceCount: 2, demand: Self.demand, capacity: Self.capacity)
        #expect(scenario.groups.isEmpty && scenario.traffic.isEmpty && scenario.shards.allSatisfy { $0.group == nil })
        #expect(scenario.depth == .host && scenario.placement == nil)
    }

    struct BadInput: Sendable, CustomTestStringConvertible {
        var label: String
        var resourceCount = 2
        var demand = ScenarioArraysTests.demand
        var capacity = ScenarioArraysTests.capacity
        var groups = ScenarioArraysTests.groups
        var traffic: [Edge] = []
        var path: String
        var saying: String

        struct Edge: Sendable {
            var from: Int
            var to: Int
            var volume: Double
        }

        var testDescription: String { label }
    }

    static let badInputs: [BadInput] = [
        BadInput(label: "no resources", resourceCount: 0, path: "resources", saying: "at least 1"),
        BadInput(
            label: "NaN demand", demand: [1, 2, 1, 2, 1, .nan, 3, 1, 0.5, 0], path: "demand[5]",
            saying: "shard 2, resource 1"),
        BadInput(
            label: "negative demand", demand: [1, 2, 1, 2, 1, 2, -3, 1, 0.5, 0], path: "demand[6]", saying: "≥ 0"),
        BadInput(
            label: "infinite capacity", capacity: [4, 4, .infinity, 4, 6, 2], path: "capacity[2]", saying: "host 1"),
        BadInput(label: "ragged demand", demand: [1, 2, 1], path: "demand", saying: "found 3"),
        BadInput(label: "no hosts", capacity: [], path: "capacity", saying: "at least one"),
        BadInput(label: "groups of the wrong length", groups: [0, 0], path: "groups", saying: "expected 5 ids"),
        BadInput(label: "a group id below -1", groups: [0, -2, -1, -1, -1], path: "groups[1]", saying: "found -2"),
        BadInput(
            label: "a traffic peer out of range", traffic: [.init(from: 0, to: 5, volume: 1)], path: "traffic[0].to",
            saying: "0..<5"),
        BadInput(
            label: "traffic to itself", traffic: [.init(from: 2, to: 2, volume: 1)], path: "traffic[0]",
            saying: "itself"),
        BadInput(
            label: "NaN traffic", traffic: [.init(from: 1, to: 2, volume: .nan)], path: "traffic[0].volume",
            saying: "finite"),
        BadInput(
            label: "more replicas than hosts", groups: [1, 1, 1, 1, -1], path: "groups[0].antiAffinity",
            saying: "can never be met"),
    ]

    @Test("bad entries are named by array and position", arguments: badInputs)
    func badInput(_ input: BadInput) {
        do {
            _ = try Scenario(
                resourceCount: input.resourceCount, demand: input.demand, capacity: input.capacity,
                groups: input.groups,
                traffic: input.traffic.map { (from: $0.from, to: $0.to, volume: $0.volume) })
            Issue.record("accepted \(input.label)")
        } catch {
            let issue = error.issues.first { $0.path == input.path }
            #expect(issue != nil, "paths: \(error.issues.map(\.path))")
            #expect(issue?.message.contains(input.saying) == true, "\(error.description)")
        }
    }
}
