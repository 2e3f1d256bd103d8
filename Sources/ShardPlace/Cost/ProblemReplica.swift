/// The read-only arrays of a ``Problem`` copied into ``FixedBuffer``s for the hot loops: one replica
/// per NUMA node is shared by every chain that runs there.
final class ProblemReplica: @unchecked Sendable {
    let shardCount: Int
    let hostCount: Int
    let stride: Int
    let chunks: Int
    let capacityLevels: Int
    let weights: Policy.Weights

    let demand: FixedBuffer<Double>
    let shardGroup: FixedBuffer<Int32>
    let moveCost: FixedBuffer<Double>
    let size: FixedBuffer<Double>
    let initialHost: FixedBuffer<Int32>
    let restricted: FixedBuffer<Bool>
    let eligibleStart: FixedBuffer<Int32>
    let eligibleHosts: FixedBuffer<Int32>
    /// The hosts the search proposes (``Problem``'s reach lists).
    let reachRestricted: FixedBuffer<Bool>
    let reachStart: FixedBuffer<Int32>
    let reachHosts: FixedBuffer<Int32>
    let leafHost: FixedBuffer<Int32>
    let hostLeafStart: FixedBuffer<Int32>
    let leafCount: Int
    /// Whether leaves are below hosts (then shifts may stay inside a host).
    let belowHost: Bool
    let leafAncestors: FixedBuffer<Int32>
    let leafCostRow: FixedBuffer<Int32>
    let distanceCosts: FixedBuffer<Float>
    let leafNodes: FixedBuffer<Int32>
    let capacity: FixedBuffer<Double>
    let safety: FixedBuffer<Double>
    let price: FixedBuffer<Double>
    let inverseCapacity: FixedBuffer<Double>
    let transientMask: FixedBuffer<Double>
    /// Whether any resource is transient (otherwise a host delta skips the transient term: it is 0).
    let hasTransient: Bool
    let loadWeight: FixedBuffer<Double>
    let resourceWeight: FixedBuffer<Double>
    let fragmentationReference: FixedBuffer<Double>
    let hasHostMoveCost: Bool
    let hostMoveCost: FixedBuffer<Double>
    let balanceCount: Int
    let balanceResource: FixedBuffer<Int32>
    let balanceOver: FixedBuffer<Int32>
    let balanceTarget: FixedBuffer<Double>
    let balanceWeight: FixedBuffer<Double>
    let hostDomain: FixedBuffer<Int32>
    let slotKey: FixedBuffer<Int32>
    let slotGroup: FixedBuffer<Int32>
    /// Members per group (CSR): a scan of hosts finds the domains a group's slots count in from them.
    let groupMemberStart: FixedBuffer<Int32>
    let groupMembers: FixedBuffer<Int32>
    let groupSlotStart: FixedBuffer<Int32>
    let groupSlots: FixedBuffer<Int32>
    let slotLimit: FixedBuffer<Int32>
    let slotSpreadMin: FixedBuffer<Int32>
    let dependencyDependent: FixedBuffer<Int32>
    let dependencyRequired: FixedBuffer<Int32>
    let slotDependencyStart: FixedBuffer<Int32>
    let slotDependencies: FixedBuffer<Int32>
    /// Per group, whether a dependency involves one of its slots (either side): the shifts of two groups
    /// both unlinked, or one of them, leave each other's constraint counts alone.
    let groupLinked: FixedBuffer<Bool>
    let trafficStart: FixedBuffer<Int32>
    let trafficPeer: FixedBuffer<Int32>
    let trafficVolume: FixedBuffer<Float>
    let hostProvider: FixedBuffer<Int32>
    let hostEgress: FixedBuffer<Double>
    let egressScale: Double
    let hostOffer: FixedBuffer<Int32>
    let offerCount: Int
    let offerPlanned: FixedBuffer<Int32>
    let offerReducedCharge: FixedBuffer<Double>
    let offerFullCharge: FixedBuffer<Double>
    let hasLatency: Bool
    let localeCount: Int
    let leafLocale: FixedBuffer<Int32>
    let localeLatency: FixedBuffer<Float>
    /// Per shard, how far the weighted soft terms can fall in one shift (``Problem/shiftReliefs()``).
    let shiftRelief: FixedBuffer<Double>
    /// Whether those allowances hold only while every host is within capacity (the imbalance term's).
    let reliefAssumesCapacity: Bool

    init(_ p: Problem) {
        shardCount = p.shardCount
        hostCount = p.hostCount
        stride = p.stride
        chunks = p.stride / 4
        capacityLevels = p.capacityLevels
        weights = p.weights
        demand = FixedBuffer(p.demand)
        shardGroup = FixedBuffer(p.shardGroup)
        moveCost = FixedBuffer(p.moveCost)
        size = FixedBuffer(p.size)
        initialHost = FixedBuffer(p.initialHost)
        restricted = FixedBuffer(p.restricted)
        eligibleStart = FixedBuffer(p.eligibleStart)
        eligibleHosts = FixedBuffer(p.eligibleHosts)
        reachRestricted = FixedBuffer(p.reachRestricted)
        reachStart = FixedBuffer(p.reachStart)
        reachHosts = FixedBuffer(p.reachHosts)
        leafHost = FixedBuffer(p.leafHost)
        hostLeafStart = FixedBuffer(p.hostLeafStart)
        leafCount = p.leafCount
        belowHost = p.depth != .host
        leafAncestors = FixedBuffer(p.leafAncestors)
        leafCostRow = FixedBuffer(p.leafCostRow)
        distanceCosts = FixedBuffer(p.distanceCosts)
        leafNodes = FixedBuffer(p.leafNodes)
        capacity = FixedBuffer(p.capacity)
        safety = FixedBuffer(p.safety)
        price = FixedBuffer(p.price)
        inverseCapacity = FixedBuffer(p.inverseCapacity)
        transientMask = FixedBuffer(p.transientMask)
        hasTransient = p.transientMask.contains { $0 != 0 }
        loadWeight = FixedBuffer(p.loadWeight)
        resourceWeight = FixedBuffer(p.resourceWeight)
        fragmentationReference = FixedBuffer(p.fragmentationReference)
        hasHostMoveCost = !p.hostMoveCost.isEmpty
        hostMoveCost = FixedBuffer(p.hostMoveCost)
        balanceCount = p.balanceResource.count
        balanceResource = FixedBuffer(p.balanceResource)
        balanceOver = FixedBuffer(p.balanceOver)
        balanceTarget = FixedBuffer(p.balanceTarget)
        balanceWeight = FixedBuffer(p.balanceWeight)
        hostDomain = FixedBuffer(p.hostDomain)
        slotKey = FixedBuffer(p.slotKey)
        slotGroup = FixedBuffer(p.slotGroup)
        groupMemberStart = FixedBuffer(p.groupMemberStart)
        groupMembers = FixedBuffer(p.groupMembers)
        groupSlotStart = FixedBuffer(p.groupSlotStart)
        groupSlots = FixedBuffer(p.groupSlots)
        slotLimit = FixedBuffer(p.slotLimit)
        slotSpreadMin = FixedBuffer(p.slotSpreadMin)
        dependencyDependent = FixedBuffer(p.dependencyDependent)
        dependencyRequired = FixedBuffer(p.dependencyRequired)
        slotDependencyStart = FixedBuffer(p.slotDependencyStart)
        slotDependencies = FixedBuffer(p.slotDependencies)
        groupLinked = FixedBuffer(
            (0..<p.groupCount).map { g in
                (Int(p.groupSlotStart[g])..<Int(p.groupSlotStart[g + 1])).contains { i in
                    let slot = Int(p.groupSlots[i])
                    return p.slotDependencyStart[slot + 1] > p.slotDependencyStart[slot]
                }
            })
        trafficStart = FixedBuffer(p.trafficStart)
        trafficPeer = FixedBuffer(p.trafficPeer)
        trafficVolume = FixedBuffer(p.trafficVolume)
        hostProvider = FixedBuffer(p.hostProvider)
        hostEgress = FixedBuffer(p.hostEgress)
        egressScale = p.egressScale
        hostOffer = FixedBuffer(p.hostOffer)
        offerCount = p.offerIDs.count
        offerPlanned = FixedBuffer(p.offerPlanned)
        offerReducedCharge = FixedBuffer(p.offerReducedCharge)
        offerFullCharge = FixedBuffer(p.offerFullCharge)
        hasLatency = p.hasLatency
        localeCount = p.localeCount
        leafLocale = FixedBuffer(p.leafLocale)
        localeLatency = FixedBuffer(p.localeLatency)
        shiftRelief = FixedBuffer(p.shiftReliefs())
        reliefAssumesCapacity = p.weights.imbalance != 0
    }

    deinit {
        demand.free()
        shardGroup.free()
        moveCost.free()
        size.free()
        initialHost.free()
        restricted.free()
        eligibleStart.free()
        eligibleHosts.free()
        reachRestricted.free()
        reachStart.free()
        reachHosts.free()
        leafHost.free()
        hostLeafStart.free()
        leafAncestors.free()
        leafCostRow.free()
        distanceCosts.free()
        leafNodes.free()
        capacity.free()
        safety.free()
        price.free()
        inverseCapacity.free()
        transientMask.free()
        loadWeight.free()
        resourceWeight.free()
        fragmentationReference.free()
        hostMoveCost.free()
        balanceResource.free()
        balanceOver.free()
        balanceTarget.free()
        balanceWeight.free()
        hostDomain.free()
        slotKey.free()
        slotGroup.free()
        groupMemberStart.free()
        groupMembers.free()
        groupSlotStart.free()
        groupSlots.free()
        slotLimit.free()
        slotSpreadMin.free()
        dependencyDependent.free()
        dependencyRequired.free()
        slotDependencyStart.free()
        slotDependencies.free()
        groupLinked.free()
        trafficStart.free()
        trafficPeer.free()
        trafficVolume.free()
        hostProvider.free()
        hostEgress.free()
        hostOffer.free()
        offerPlanned.free()
        offerReducedCharge.free()
        offerFullCharge.free()
        leafLocale.free()
        localeLatency.free()
        shiftRelief.free()
    }
}
