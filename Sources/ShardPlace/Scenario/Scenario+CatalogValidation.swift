extension Scenario {
    /// The catalog's part of ``validate()``: providers, offers, the catalog labels of hosts, groups'
    /// trust and residency rules and the policy fields that go with them.
    func validateCatalog() -> [ScenarioError.Issue] {
        var issues: [ScenarioError.Issue] = []
        func report(_ path: String, _ message: String) { issues.append(.init(path: path, message: message)) }
        let d = resources.count
        func checkVector(_ v: [Double]?, _ path: String) {
            guard let v else { return }
            if v.count != d { report(path, "expected \(d) numbers (one per resource), found \(v.count)") }
            for (i, x) in v.enumerated() where !(x.isFinite && x >= 0) {
                report("\(path)[\(i)]", "expected a finite number ≥ 0, found \(x)")
            }
        }

        var providerIndex: [String: Int] = [:]
        for (i, p) in providers.enumerated() {
            let path = "providers[\(i)]"
            if let first = providerIndex[p.id] {
                report("\(path).id", "duplicate provider id \"\(p.id)\" (first at providers[\(first)])")
            } else {
                providerIndex[p.id] = i
            }
            if let t = p.trust, !(t >= 0 && t <= 1) {
                report("\(path).trust", "expected a trust score between 0 and 1, found \(t)")
            }
            if !(p.egressPerGB.isFinite && p.egressPerGB >= 0) {
                report("\(path).egressPerGB", "expected a finite number ≥ 0, found \(p.egressPerGB)")
            }
            checkVector(p.prices.onDemand, "\(path).prices.onDemand")
            checkVector(p.prices.reserved?.price, "\(path).prices.reserved.price")
            checkVector(p.prices.spot?.price, "\(path).prices.spot.price")
            if let spot = p.prices.spot, !(spot.reclaimProbability >= 0 && spot.reclaimProbability < 1) {
                report(
                    "\(path).prices.spot.reclaimProbability",
                    "expected a probability in [0, 1), found \(spot.reclaimProbability)")
            }
            if let reserved = p.prices.reserved, !(reserved.termHours > 0 && reserved.termHours.isFinite) {
                report("\(path).prices.reserved.termHours", "expected hours > 0, found \(reserved.termHours)")
            }
        }
        for (i, p) in providers.enumerated() {
            for (j, entry) in p.latency.enumerated() {
                let path = "providers[\(i)].latency[\(j)]"
                if let from = entry.from, !p.regions.contains(from) {
                    report("\(path).from", "\"\(from)\" is not a region of provider \"\(p.id)\"")
                }
                let parts = entry.to.split(separator: "/", maxSplits: 1).map(String.init)
                if let k = parts.first.flatMap({ providerIndex[$0] }) {
                    if parts.count == 2 && !providers[k].regions.contains(parts[1]) {
                        report("\(path).to", "\"\(parts[1])\" is not a region of provider \"\(parts[0])\"")
                    }
                } else {
                    report(
                        "\(path).to",
                        "no provider has id \"\(parts.first ?? "")\" (expected \"provider\" or \"provider/region\")")
                }
                if !(entry.milliseconds.isFinite && entry.milliseconds >= 0) {
                    report("\(path).milliseconds", "expected a finite number ≥ 0, found \(entry.milliseconds)")
                }
            }
        }

        var offerIndex: [String: Int] = [:]
        for (i, o) in offers.enumerated() {
            let path = "offers[\(i)]"
            if let first = offerIndex[o.id] {
                report("\(path).id", "duplicate offer id \"\(o.id)\" (first at offers[\(first)])")
            } else {
                offerIndex[o.id] = i
            }
            if o.count < 1 { report("\(path).count", "expected an integer ≥ 1, found \(o.count)") }
            checkVector(o.shape.capacity, "\(path).shape.capacity")
            checkVector(o.shape.safetyCapacity, "\(path).shape.safetyCapacity")
            if let price = o.price, !(price.isFinite && price >= 0) {
                report("\(path).price", "expected a finite number ≥ 0, found \(price)")
            }
            guard let k = providerIndex[o.provider] else {
                report("\(path).provider", "no provider has id \"\(o.provider)\" in providers")
                continue
            }
            let p = providers[k]
            if let region = o.region {
                if !p.regions.contains(region) {
                    report(
                        "\(path).region",
                        "\"\(region)\" is not a region of provider \"\(p.id)\" (regions: \(p.regions.joined(separator: ", ")))"
                    )
                }
            } else if !p.regions.isEmpty {
                report(
                    "\(path).region", "missing; provider \"\(p.id)\" has regions \(p.regions.joined(separator: ", "))")
            }
            if o.price == nil && p.prices.list(o.type) == nil {
                report(
                    "\(path).price",
                    "missing; provider \"\(p.id)\" lists no \(o.type.rawValue) prices, so the offer needs a price per host-hour"
                )
            }
        }

        for (i, h) in hosts.enumerated() {
            if let type = h.labels[CatalogLabel.offerType], OfferType(rawValue: type) == nil {
                report(
                    "hosts[\(i)].labels.\(CatalogLabel.offerType)",
                    "expected one of reserved, onDemand, spot; found \"\(type)\"")
            }
            if h.labels[CatalogLabel.offer] != nil {
                report(
                    "hosts[\(i)].labels.\(CatalogLabel.offer)",
                    "the \"offer\" label is reserved for hosts expanded from offers")
            }
            if let id = h.labels[CatalogLabel.provider], let k = providerIndex[id],
                let region = h.labels[CatalogLabel.region], !providers[k].regions.isEmpty,
                !providers[k].regions.contains(region)
            {
                report(
                    "hosts[\(i)].labels.\(CatalogLabel.region)", "\"\(region)\" is not a region of provider \"\(id)\"")
            }
        }

        let knownProviders = Set(providers.map(\.id)).union(hosts.compactMap { $0.labels[CatalogLabel.provider] })
        let knownRegions = Set(providers.flatMap(\.regions)).union(
            hosts.compactMap { $0.labels[CatalogLabel.region] }
        ).union(offers.compactMap(\.region))
        for (i, g) in groups.enumerated() {
            let path = "groups[\(i)]"
            if let t = g.minTrust, !(t >= 0 && t <= 1) {
                report("\(path).minTrust", "expected a trust score between 0 and 1, found \(t)")
            }
            if let n = g.maxSpotReplicas, n < 1 {
                report("\(path).maxSpotReplicas", "expected an integer ≥ 1, found \(n)")
            }
            for (j, p) in (g.residency?.providers ?? []).enumerated() where !knownProviders.contains(p) {
                report(
                    "\(path).residency.providers[\(j)]", "no provider has id \"\(p)\" (in providers or a host label)")
            }
            for (j, r) in (g.residency?.regions ?? []).enumerated() where !knownRegions.contains(r) {
                report("\(path).residency.regions[\(j)]", "no provider or host has a region \"\(r)\"")
            }
            for (key, field) in [
                (g.antiAffinity, "antiAffinity"), (g.spread?.key, "spread.key"), (g.standby?.key, "standby.key"),
            ] {
                if let key, key == Problem.spotKey {
                    report("\(path).\(field)", "\"\(Problem.spotKey)\" is reserved for the spot-replica rule")
                }
            }
        }
        if policy.spotReplicas < 1 {
            report("policy.spotReplicas", "expected an integer ≥ 1, found \(policy.spotReplicas)")
        }
        if !(policy.egressGBPerVolume.isFinite && policy.egressGBPerVolume >= 0) {
            report("policy.egressGBPerVolume", "expected a finite number ≥ 0, found \(policy.egressGBPerVolume)")
        }
        return issues
    }
}
