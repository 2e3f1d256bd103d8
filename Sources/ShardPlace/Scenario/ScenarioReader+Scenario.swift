extension ScenarioReader {
    /// Reads the whole document; `nil` only when the top level is not an object.
    mutating func scenario(_ root: JSONValue) -> Scenario? {
        let keys: Set<String> = [
            "name", "resources", "hosts", "groups", "shards", "traffic", "placement", "depth", "policy", "$schema",
            "providers", "offers",
        ]
        guard let top = object(root, "", keys: keys) else { return nil }
        let name = string(top["name"], "name")
        let resourceItems = array(top["resources"], "resources", required: true)
        if resourceItems?.isEmpty == true { report("resources", "expected at least one resource") }
        let resources = (resourceItems ?? []).enumerated().compactMap { resource($1, "resources[\($0)]") }
        // The length of every vector: the number of resource entries, or unknown (no length check) when
        // there are none, so that a missing or empty list is one error rather than one per vector.
        let d = resourceItems.flatMap { $0.isEmpty ? nil : $0.count }
        let hosts = (array(top["hosts"], "hosts", required: top["offers"] == nil) ?? []).enumerated()
            .compactMap { host($1, "hosts[\($0)]", resources: d) }
        let groups = (array(top["groups"], "groups") ?? []).enumerated().compactMap { group($1, "groups[\($0)]") }
        let shards = (array(top["shards"], "shards", required: true) ?? []).enumerated()
            .compactMap { shard($1, "shards[\($0)]", resources: d) }
        let traffic = (array(top["traffic"], "traffic") ?? []).enumerated().compactMap { edge($1, "traffic[\($0)]") }
        let placement = stringMap(top["placement"], "placement")
        var depth = PlacementDepth.host
        if let text = string(top["depth"], "depth") {
            if let parsed = PlacementDepth(rawValue: text) {
                depth = parsed
            } else {
                report("depth", "expected one of host, numa, l3, core; found \"\(text)\"")
            }
        }
        let policy = top["policy"].map { readPolicy($0, "policy", resources: d) } ?? Policy()
        let providers = (array(top["providers"], "providers") ?? []).enumerated()
            .compactMap { provider($1, "providers[\($0)]", resources: d) }
        let offers = (array(top["offers"], "offers") ?? []).enumerated()
            .compactMap { offer($1, "offers[\($0)]", resources: d) }
        return Scenario(
            name: name, resources: resources, hosts: hosts, groups: groups, shards: shards, traffic: traffic,
            placement: placement, depth: depth, policy: policy, providers: providers, offers: offers)
    }

    private mutating func resource(_ value: JSONValue, _ path: String) -> Resource? {
        guard let o = object(value, path, keys: ["name", "transient", "loadWeight", "weight", "unit"]) else {
            return nil
        }
        guard let name = string(o["name"], "\(path).name", required: true) else { return nil }
        return Resource(
            name: name, transient: bool(o["transient"], "\(path).transient") ?? false,
            loadWeight: number(o["loadWeight"], "\(path).loadWeight") ?? 1,
            weight: number(o["weight"], "\(path).weight") ?? 1, unit: string(o["unit"], "\(path).unit"))
    }

    private mutating func host(_ value: JSONValue, _ path: String, resources: Int?) -> Host? {
        let keys: Set<String> = [
            "id", "labels", "capacity", "safetyCapacity", "topology", "price", "trust", "moveCost",
        ]
        guard let o = object(value, path, keys: keys) else { return nil }
        let id = string(o["id"], "\(path).id", required: true)
        let capacity = vector(o["capacity"], "\(path).capacity", count: resources, required: true)
        var topology: HostTopology?
        if let t = o["topology"], t != .null,
            let to = object(t, "\(path).topology", keys: ["xml", "synthetic", "live"])
        {
            topology = HostTopology(
                xml: string(to["xml"], "\(path).topology.xml"),
                synthetic: string(to["synthetic"], "\(path).topology.synthetic"),
                live: bool(to["live"], "\(path).topology.live"))
            let given = [topology?.xml != nil, topology?.synthetic != nil, topology?.live == true].filter { $0 }.count
            if given != 1 { report("\(path).topology", "expected exactly one of xml, synthetic or live: true") }
        }
        let trust = trustScore(o["trust"], "\(path).trust")
        guard let id, let capacity else { return nil }
        return Host(
            id: id, labels: stringMap(o["labels"], "\(path).labels") ?? [:], capacity: capacity,
            safetyCapacity: vector(o["safetyCapacity"], "\(path).safetyCapacity", count: resources), topology: topology,
            price: vector(o["price"], "\(path).price", count: resources), trust: trust,
            moveCost: vector(o["moveCost"], "\(path).moveCost", count: nil))
    }

    private mutating func group(_ value: JSONValue, _ path: String) -> Group? {
        let keys: Set<String> = [
            "id", "antiAffinity", "spread", "dependsOn", "standby", "minAvailable", "minTrust", "residency",
            "maxSpotReplicas",
        ]
        guard let o = object(value, path, keys: keys) else { return nil }
        guard let id = string(o["id"], "\(path).id", required: true) else { return nil }
        var spread: Group.Spread?
        if let s = o["spread"], s != .null, let so = object(s, "\(path).spread", keys: ["key", "min"]) {
            if let key = string(so["key"], "\(path).spread.key", required: true),
                let min = integer(so["min"], "\(path).spread.min", minimum: 1)
            {
                spread = Group.Spread(key: key, min: min)
            } else if so["min"] == nil {
                report("\(path).spread.min", "missing; expected an integer ≥ 1")
            }
        }
        var dependencies: [Group.Dependency] = []
        for (i, item) in (array(o["dependsOn"], "\(path).dependsOn") ?? []).enumerated() {
            let p = "\(path).dependsOn[\(i)]"
            guard let d = object(item, p, keys: ["group", "key"]) else { continue }
            if let g = string(d["group"], "\(p).group", required: true),
                let k = string(d["key"], "\(p).key", required: true)
            {
                dependencies.append(Group.Dependency(group: g, key: k))
            }
        }
        var standby: Group.Standby?
        if let s = o["standby"], s != .null, let so = object(s, "\(path).standby", keys: ["count", "key"]) {
            if let key = string(so["key"], "\(path).standby.key", required: true),
                let count = integer(so["count"], "\(path).standby.count", minimum: 1)
            {
                standby = Group.Standby(count: count, key: key)
            } else if so["count"] == nil {
                report("\(path).standby.count", "missing; expected an integer ≥ 1")
            }
        }
        var residency: Group.Residency?
        if let r = o["residency"], r != .null, let ro = object(r, "\(path).residency", keys: ["providers", "regions"]) {
            residency = Group.Residency(
                providers: stringArray(ro["providers"], "\(path).residency.providers"),
                regions: stringArray(ro["regions"], "\(path).residency.regions"))
            if residency?.providers == nil && residency?.regions == nil {
                report("\(path).residency", "expected providers and/or regions")
            }
        }
        return Group(
            id: id, antiAffinity: string(o["antiAffinity"], "\(path).antiAffinity"), spread: spread,
            dependsOn: dependencies, standby: standby,
            minAvailable: integer(o["minAvailable"], "\(path).minAvailable"),
            minTrust: trustScore(o["minTrust"], "\(path).minTrust"), residency: residency,
            maxSpotReplicas: integer(o["maxSpotReplicas"], "\(path).maxSpotReplicas", minimum: 1))
    }

    private mutating func shard(_ value: JSONValue, _ path: String, resources: Int?) -> Shard? {
        let keys: Set<String> = [
            "id", "group", "demand", "size", "moveCost", "allowedHosts", "pin", "affinity", "antiAffinity", "minTrust",
            "history",
        ]
        guard let o = object(value, path, keys: keys) else { return nil }
        let id = string(o["id"], "\(path).id", required: true)
        let demand = vector(o["demand"], "\(path).demand", count: resources, required: o["history"] == nil)
        var history: DemandHistory?
        if let h = o["history"], h != .null, let ho = object(h, "\(path).history", keys: ["samples", "csv", "series"]) {
            var samples: [[Double]]?
            if let rows = array(ho["samples"], "\(path).history.samples") {
                if let resources, rows.count != resources {
                    report(
                        "\(path).history.samples",
                        "expected \(resources) series (one per resource), found \(rows.count)")
                }
                samples = rows.enumerated().compactMap { vector($1, "\(path).history.samples[\($0)]", count: nil) }
            }
            history = DemandHistory(
                samples: samples, csv: string(ho["csv"], "\(path).history.csv"),
                series: stringArray(ho["series"], "\(path).history.series"))
            if history?.samples == nil && history?.csv == nil {
                report("\(path).history", "expected samples or csv")
            }
        }
        let minTrust = trustScore(o["minTrust"], "\(path).minTrust")
        guard let id else { return nil }
        return Shard(
            id: id, group: string(o["group"], "\(path).group"),
            demand: demand ?? [Double](repeating: 0, count: demand == nil && history != nil ? resources ?? 0 : 0),
            size: number(o["size"], "\(path).size") ?? 0, moveCost: number(o["moveCost"], "\(path).moveCost") ?? 1,
            allowedHosts: stringArray(o["allowedHosts"], "\(path).allowedHosts"), pin: string(o["pin"], "\(path).pin"),
            affinity: stringListMap(o["affinity"], "\(path).affinity"),
            antiAffinity: stringListMap(o["antiAffinity"], "\(path).antiAffinity"), minTrust: minTrust, history: history
        )
    }

    private mutating func edge(_ value: JSONValue, _ path: String) -> TrafficEdge? {
        guard let o = object(value, path, keys: ["from", "to", "volume"]) else { return nil }
        guard let from = string(o["from"], "\(path).from", required: true),
            let to = string(o["to"], "\(path).to", required: true),
            let volume = number(o["volume"], "\(path).volume", required: true)
        else { return nil }
        return TrafficEdge(from: from, to: to, volume: volume)
    }

    private mutating func readPolicy(_ value: JSONValue, _ path: String, resources: Int?) -> Policy {
        var policy = Policy()
        let keys: Set<String> = [
            "weights", "levelCosts", "domainLevels", "balance", "fragmentationReference", "migration", "cpuResource",
            "memoryResource", "forecast", "egressGBPerVolume", "spotReplicas",
        ]
        guard let o = object(value, path, keys: keys) else { return policy }
        if let w = o["weights"], let wo = object(w, "\(path).weights", keys: Self.weightKeys) {
            for (key, member) in wo {
                guard let n = number(member, "\(path).weights.\(key)") else { continue }
                policy.weights[keyPath: Self.weightPaths[key]!] = n
            }
        }
        if let l = o["levelCosts"], let lo = object(l, "\(path).levelCosts", keys: Self.levelKeys.union(["domains"])) {
            for (key, member) in lo where key != "domains" {
                if let n = number(member, "\(path).levelCosts.\(key)") {
                    policy.levelCosts[keyPath: Self.levelPaths[key]!] = n
                }
            }
            if let domains = lo["domains"], case .object(let members) = domains {
                for (key, member) in members {
                    if let n = number(member, "\(path).levelCosts.domains.\(key)") {
                        policy.levelCosts.domains[key] = n
                    }
                }
            } else if let domains = lo["domains"] {
                report("\(path).levelCosts.domains", "expected an object of numbers, found \(domains.kindName)")
            }
        }
        if let levels = stringArray(o["domainLevels"], "\(path).domainLevels") {
            if levels.count > 3 {
                report("\(path).domainLevels", "expected at most 3 label keys, found \(levels.count)")
            }
            policy.domainLevels = Array(levels.prefix(3))
        }
        for (i, item) in (array(o["balance"], "\(path).balance") ?? []).enumerated() {
            let p = "\(path).balance[\(i)]"
            guard let b = object(item, p, keys: ["resource", "over", "target", "weight"]) else { continue }
            if let r = string(b["resource"], "\(p).resource", required: true),
                let over = string(b["over"], "\(p).over", required: true),
                let target = number(b["target"], "\(p).target", required: true),
                let weight = number(b["weight"], "\(p).weight", required: true)
            {
                policy.balance.append(Policy.BalanceObjective(resource: r, over: over, target: target, weight: weight))
            }
        }
        policy.fragmentationReference = vector(
            o["fragmentationReference"], "\(path).fragmentationReference", count: resources)
        if let m = o["migration"], let mo = object(m, "\(path).migration", keys: Self.migrationKeys) {
            policy.migration.maxMovesTotal = integer(mo["maxMovesTotal"], "\(path).migration.maxMovesTotal")
            policy.migration.maxMovesPerHost = integer(mo["maxMovesPerHost"], "\(path).migration.maxMovesPerHost")
            policy.migration.maxMovesPerDomain = integer(mo["maxMovesPerDomain"], "\(path).migration.maxMovesPerDomain")
            policy.migration.maxConcurrentPerHost = integer(
                mo["maxConcurrentPerHost"], "\(path).migration.maxConcurrentPerHost", minimum: 1)
            policy.migration.maxBytesPerWave = number(mo["maxBytesPerWave"], "\(path).migration.maxBytesPerWave")
            policy.migration.bandwidth = number(mo["bandwidth"], "\(path).migration.bandwidth")
        }
        if let f = o["forecast"], f != .null,
            let fo = object(f, "\(path).forecast", keys: ["quantile", "horizon", "season", "model"])
        {
            if fo["horizon"] == nil { report("\(path).forecast.horizon", "missing; expected an integer ≥ 1") }
            let horizon = integer(fo["horizon"], "\(path).forecast.horizon", minimum: 1)
            var forecast = Policy.Forecast(
                horizon: horizon ?? 1, season: integer(fo["season"], "\(path).forecast.season", minimum: 1),
                model: string(fo["model"], "\(path).forecast.model"))
            if let q = number(fo["quantile"], "\(path).forecast.quantile") {
                if q > 0 && q < 1 {
                    forecast.quantile = q
                } else {
                    report("\(path).forecast.quantile", "expected a quantile strictly between 0 and 1, found \(q)")
                }
            }
            if let model = forecast.model, model != "auto", ForecastMethod(rawValue: model) == nil {
                report(
                    "\(path).forecast.model",
                    "expected auto, " + ForecastMethod.allCases.map(\.rawValue).joined(separator: ", ")
                        + "; found \"\(model)\"")
            }
            policy.forecast = forecast
        }
        if let gb = number(o["egressGBPerVolume"], "\(path).egressGBPerVolume") { policy.egressGBPerVolume = gb }
        if let n = integer(o["spotReplicas"], "\(path).spotReplicas", minimum: 1) { policy.spotReplicas = n }
        if let cpu = string(o["cpuResource"], "\(path).cpuResource") { policy.cpuResource = cpu }
        if let memory = string(o["memoryResource"], "\(path).memoryResource") { policy.memoryResource = memory }
        return policy
    }

    static var weightPaths: [String: WritableKeyPath<Policy.Weights, Double>] {
        [
            "load": \.load, "balance": \.balance, "imbalance": \.imbalance, "traffic": \.traffic,
            "fragmentation": \.fragmentation, "migration": \.migration, "bytes": \.bytes, "groupMoves": \.groupMoves,
            "hostMoves": \.hostMoves, "price": \.price, "egress": \.egress,
        ]
    }
    static var weightKeys: Set<String> { Set(weightPaths.keys) }
    static var levelPaths: [String: WritableKeyPath<Policy.LevelCosts, Double>] {
        [
            "core": \.core, "l3": \.l3, "numa": \.numa, "package": \.package, "host": \.host, "rack": \.rack,
            "zone": \.zone, "cluster": \.cluster, "latency": \.latency,
        ]
    }
    static var levelKeys: Set<String> { Set(levelPaths.keys) }
    static let migrationKeys: Set<String> = [
        "maxMovesTotal", "maxMovesPerHost", "maxMovesPerDomain", "maxConcurrentPerHost", "maxBytesPerWave", "bandwidth",
    ]
}
