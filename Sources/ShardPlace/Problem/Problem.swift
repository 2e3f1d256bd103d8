/// A ``Scenario`` compiled for the evaluator and the solvers: flat structure-of-arrays storage in
/// `Float`, integer ids everywhere, resource vectors padded to a multiple of 4 lanes (``stride``), the
/// location tree flattened into per-leaf ancestor ids, domain ids per constraint key for every host,
/// traffic in CSR form.
///
/// A `Problem` is an immutable value; build it with ``init(_:topologies:offerPlan:)``. Shards, hosts, leaves and
/// groups are addressed by their position (`Int32`).
public struct Problem: Sendable {
    // MARK: Sizes

    public let shardCount: Int
    public let hostCount: Int
    /// Number of placement leaves (hosts at depth `host`; NUMA nodes, L3 groups or cores below).
    public let leafCount: Int
    public let resourceCount: Int
    /// Resource vectors are padded with zeros to this many lanes (a multiple of 4).
    public let stride: Int
    public let groupCount: Int

    // MARK: Names (for reports)

    public let shardIDs: [String]
    public let hostIDs: [String]
    public let groupIDs: [String]
    public let resourceNames: [String]
    /// `host`, or `host/numa:1`, `host/l3:0`, `host/core:5` (logical indexes of the host's topology).
    public let leafNames: [String]
    public let depth: PlacementDepth
    /// Below host depth, each leaf's PUs in list form (`0-3,8`, OS indexes); `""` for a host leaf.
    public let leafCPUSets: [String]
    /// Below host depth, each leaf's NUMA nodes in list form (OS indexes); `""` for a host leaf.
    public let leafNodeSets: [String]

    // MARK: Shards

    /// `shardCount × stride` demand.
    let demand: [Double]
    /// Group per shard, -1 for none.
    let shardGroup: [Int32]
    let moveCost: [Double]
    let size: [Double]
    /// Leaf of the current placement per shard, -1 when the scenario has none for the shard.
    public let initialLeaf: [Int32]
    /// Host of the current placement per shard, -1 when none.
    let initialHost: [Int32]
    /// Eligible hosts (pins, allowed sets, label rules, trust) as CSR; `restricted[s]` is false when every
    /// host is eligible (then the shard has no entries).
    let eligibleStart: [Int32]
    let eligibleHosts: [Int32]
    let restricted: [Bool]
    /// The hosts the search proposes for each shard, as CSR (``reach(shardCount:hostCount:resources:stride:demand:hostCapacity:transient:initialHost:eligibleStart:eligibleHosts:restricted:entryLimit:)``):
    /// a subset of the eligible hosts; `reachRestricted[s]` false means every host.
    let reachStart: [Int32]
    let reachHosts: [Int32]
    let reachRestricted: [Bool]

    // MARK: Leaves and capacity nodes

    let leafHost: [Int32]
    /// Leaves of each host are contiguous: `hostLeafStart[h]..<hostLeafStart[h + 1]`.
    let hostLeafStart: [Int32]
    /// `leafCount × 8` ancestor ids, coarse to fine; equal lanes form a prefix for any two leaves.
    let leafAncestors: [Int32]
    /// Which row of ``distanceCosts`` prices pairs involving this leaf (one row per host tree shape).
    let leafCostRow: [Int32]
    /// `rows × 9`: distance by number of equal ancestor lanes (8 = same leaf = 0).
    let distanceCosts: [Float]
    /// Intra-host capacity nodes of each leaf, `leafCount × capacityLevels`, -1 for none.
    let leafNodes: [Int32]
    let capacityLevels: Int
    /// Capacity nodes: hosts first (`0..<hostCount`), then NUMA nodes / L3 groups / cores.
    let nodeCount: Int
    /// `nodeCount × stride`; unbounded resources of intra-host nodes are +∞; padding lanes 0.
    let capacity: [Double]
    /// `hostCount × stride` safety capacity.
    let safety: [Double]
    /// `hostCount × stride` price per unit-hour.
    let price: [Double]
    /// `hostCount × stride` 1 / capacity (0 where capacity is 0 and in padding).
    let inverseCapacity: [Double]
    /// Per-resource lanes (`stride`): 1 for transient resources.
    let transientMask: [Double]
    var loadWeight: [Double]
    let resourceWeight: [Double]
    /// Reference shard shape of the fragmentation term (`stride`).
    let fragmentationReference: [Double]
    /// `hostCount × hostCount` host-to-host move costs, empty when no host has a `moveCost` row.
    let hostMoveCost: [Double]

    // MARK: Balance objectives

    let balanceResource: [Int32]
    let balanceOver: [Int32]
    let balanceTarget: [Double]
    let balanceWeight: [Double]

    // MARK: Domains and group constraints

    /// Constraint keys in use (`host` or label keys) and their domain count.
    public let domainKeys: [String]
    let domainCount: [Int32]
    /// `domainKeys.count × hostCount` domain id of each host per key; -1 when the host is in no domain
    /// of the key (only for ``spotKey``: hosts that are not spot).
    let hostDomain: [Int32]
    /// Count slots: one per (group, key) pair that some constraint needs.
    let slotGroup: [Int32]
    let slotKey: [Int32]
    /// Slots of each group (CSR).
    let groupSlotStart: [Int32]
    let groupSlots: [Int32]
    /// Per slot: the most shards of the group one domain of the slot's key may hold (1 = anti-affinity;
    /// the spot-replica rule's limit on ``spotKey``), 0 = no limit; spread minimum (0 = none).
    let slotLimit: [Int32]
    let slotSpreadMin: [Int32]
    /// Dependencies as slot pairs: the dependent slot needs the required slot in each of its domains.
    let dependencyDependent: [Int32]
    let dependencyRequired: [Int32]
    /// Dependencies touching each slot (CSR over slots), as dependency indexes.
    let slotDependencyStart: [Int32]
    let slotDependencies: [Int32]
    /// Members per group (CSR), for reports and targeted moves.
    public let groupMemberStart: [Int32]
    public let groupMembers: [Int32]
    /// The label keys of ``Policy/domainLevels`` (the failure domains that
    /// ``Policy/MigrationLimits/maxMovesPerDomain`` counts in).
    public let levelKeys: [String]
    /// `levelKeys.count × hostCount` domain id of each host per level key (a host without the label is a
    /// domain of its own).
    let hostLevelDomain: [Int32]
    /// Per group, the members that must stay available (not in motion) during a migration plan
    /// (``Group/minAvailable``, or its default).
    public let groupMinAvailable: [Int32]

    // MARK: Traffic (symmetric CSR)

    let trafficStart: [Int32]
    let trafficPeer: [Int32]
    let trafficVolume: [Float]

    // MARK: Providers, offers and latency

    /// Catalog providers first, then other `provider` label values.
    public let providerIDs: [String]
    /// Provider per host (index into ``providerIDs``), -1 for a host without a `provider` label.
    let hostProvider: [Int32]
    /// Egress price per GB of each host's provider (0 outside the catalog).
    let hostEgress: [Double]
    /// ½ × ``Policy/egressGBPerVolume``: each direction of an undirected traffic edge carries half its
    /// volume.
    let egressScale: Double
    /// Offer per host (index into ``offerIDs``), -1 for a declared host.
    let hostOffer: [Int32]
    /// Offer type per host (its `offerType` label), `nil` for a host without one.
    public let hostOfferType: [OfferType?]
    public let offerIDs: [String]
    public let offerTypes: [OfferType]
    /// Per offer: hosts charged at the planned (reduced) rate; the rest pay the full rate.
    let offerPlanned: [Int32]
    /// Per offer: hourly charge of a used host within the plan (effective price × planned duty).
    let offerReducedCharge: [Double]
    /// Per offer: hourly charge of a used host beyond the plan (the effective price).
    let offerFullCharge: [Double]
    /// Per offer: the commitment term in hours of a reserved offer (0 for others).
    let offerTermHours: [Double]
    /// Provider region ("locale") per leaf; 0 = none. Only meaningful when ``hasLatency``.
    let leafLocale: [Int32]
    let localeCount: Int
    /// `localeCount²` traffic distance added between two locales (latency × ``Policy/LevelCosts/latency``).
    let localeLatency: [Float]
    let hasLatency: Bool

    // MARK: Weights

    public let weights: Policy.Weights
}

extension Problem {
    /// The host of a leaf.
    public func host(ofLeaf leaf: Int) -> Int { Int(leafHost[leaf]) }

    /// The leaves of a host, ascending.
    public func leaves(ofHost host: Int) -> Range<Int> { Int(hostLeafStart[host])..<Int(hostLeafStart[host + 1]) }

    /// Whether a host is eligible for a shard (pins, allowed hosts, label rules, trust).
    public func isEligible(shard: Int, host: Int) -> Bool {
        guard restricted[shard] else { return true }
        let list = eligibleHosts[Int(eligibleStart[shard])..<Int(eligibleStart[shard + 1])]
        var low = list.startIndex
        var high = list.endIndex
        let target = Int32(host)
        while low < high {
            let mid = (low + high) / 2
            if list[mid] < target { low = mid + 1 } else { high = mid }
        }
        return low < list.endIndex && list[low] == target
    }

    /// The eligible hosts of a shard, or `nil` when every host is eligible.
    public func eligibleHostList(shard: Int) -> ArraySlice<Int32>? {
        restricted[shard] ? eligibleHosts[Int(eligibleStart[shard])..<Int(eligibleStart[shard + 1])] : nil
    }

    /// Demand of a shard for a resource.
    public func demand(shard: Int, resource: Int) -> Double { demand[shard * stride + resource] }

    /// Bytes a move of the shard copies.
    public func size(shard: Int) -> Double { size[shard] }

    /// Capacity of a host for a resource.
    public func capacity(host: Int, resource: Int) -> Double { capacity[host * stride + resource] }

    /// The distance between two leaves (``Policy/LevelCosts`` of their lowest common ancestor, plus the
    /// catalog latency between their provider regions × ``Policy/LevelCosts/latency``).
    public func distance(_ a: Int, _ b: Int) -> Float {
        if a == b { return 0 }
        var equal = 0
        for lane in 0..<8 {
            guard leafAncestors[a * 8 + lane] == leafAncestors[b * 8 + lane] else { break }
            equal += 1
        }
        let tree = distanceCosts[Int(leafCostRow[a]) * 9 + equal]
        guard hasLatency else { return tree }
        return tree + localeLatency[Int(leafLocale[a]) * localeCount + Int(leafLocale[b])]
    }

    /// The reserved constraint key of the spot-replica rule: its domains are the providers' spot pools.
    public static let spotKey = "@spot"

    /// The provider of a host (`nil` without a `provider` label).
    public func provider(ofHost host: Int) -> String? {
        hostProvider[host] >= 0 ? providerIDs[Int(hostProvider[host])] : nil
    }

    /// The offer a host was expanded from (`nil` for a declared host).
    public func offer(ofHost host: Int) -> String? { hostOffer[host] >= 0 ? offerIDs[Int(hostOffer[host])] : nil }
}
