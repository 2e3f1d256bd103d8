extension ScenarioReader {
    /// A trust score in [0, 1], or `nil` (absent or reported).
    mutating func trustScore(_ value: JSONValue?, _ path: String) -> Double? {
        guard let t = number(value, path) else { return nil }
        guard t <= 1 else {
            report(path, "expected a trust score between 0 and 1, found \(t)")
            return nil
        }
        return t
    }

    /// One provider of the catalog (`providers[i]`).
    mutating func provider(_ value: JSONValue, _ path: String, resources: Int?) -> Provider? {
        let keys: Set<String> = ["id", "trust", "regions", "prices", "egressPerGB", "latency"]
        guard let o = object(value, path, keys: keys) else { return nil }
        let id = string(o["id"], "\(path).id", required: true)
        var prices = Provider.Prices()
        if let p = o["prices"], p != .null,
            let po = object(p, "\(path).prices", keys: ["onDemand", "reserved", "spot"])
        {
            prices.onDemand = vector(po["onDemand"], "\(path).prices.onDemand", count: resources)
            if let r = po["reserved"], r != .null,
                let ro = object(r, "\(path).prices.reserved", keys: ["price", "termHours"])
            {
                let price = vector(ro["price"], "\(path).prices.reserved.price", count: resources, required: true)
                var term = 8760.0
                if let t = number(ro["termHours"], "\(path).prices.reserved.termHours") {
                    if t > 0 { term = t } else { report("\(path).prices.reserved.termHours", "expected hours > 0") }
                }
                if let price { prices.reserved = Provider.Reserved(price: price, termHours: term) }
            }
            if let sp = po["spot"], sp != .null,
                let so = object(sp, "\(path).prices.spot", keys: ["price", "reclaimProbability"])
            {
                let price = vector(so["price"], "\(path).prices.spot.price", count: resources, required: true)
                let p = number(so["reclaimProbability"], "\(path).prices.spot.reclaimProbability", required: true)
                if let p, p >= 1 {
                    report(
                        "\(path).prices.spot.reclaimProbability",
                        "expected a probability in [0, 1), found \(p)")
                } else if let price, let p {
                    prices.spot = Provider.Spot(price: price, reclaimProbability: p)
                }
            }
        }
        var latency: [Provider.Latency] = []
        for (i, item) in (array(o["latency"], "\(path).latency") ?? []).enumerated() {
            let p = "\(path).latency[\(i)]"
            guard let lo = object(item, p, keys: ["from", "to", "milliseconds"]) else { continue }
            if let to = string(lo["to"], "\(p).to", required: true),
                let ms = number(lo["milliseconds"], "\(p).milliseconds", required: true)
            {
                latency.append(Provider.Latency(from: string(lo["from"], "\(p).from"), to: to, milliseconds: ms))
            }
        }
        guard let id else { return nil }
        return Provider(
            id: id, trust: trustScore(o["trust"], "\(path).trust"),
            regions: stringArray(o["regions"], "\(path).regions") ?? [], prices: prices,
            egressPerGB: number(o["egressPerGB"], "\(path).egressPerGB") ?? 0, latency: latency)
    }

    /// One capacity offer (`offers[i]`).
    mutating func offer(_ value: JSONValue, _ path: String, resources: Int?) -> Offer? {
        let keys: Set<String> = ["id", "provider", "region", "type", "shape", "count", "price"]
        guard let o = object(value, path, keys: keys) else { return nil }
        let id = string(o["id"], "\(path).id", required: true)
        let provider = string(o["provider"], "\(path).provider", required: true)
        var type: OfferType?
        if let text = string(o["type"], "\(path).type", required: true) {
            type = OfferType(rawValue: text)
            if type == nil { report("\(path).type", "expected one of reserved, onDemand, spot; found \"\(text)\"") }
        }
        var shape: Offer.Shape?
        if let sv = o["shape"], sv != .null,
            let so = object(sv, "\(path).shape", keys: ["capacity", "safetyCapacity", "labels"])
        {
            if let capacity = vector(so["capacity"], "\(path).shape.capacity", count: resources, required: true) {
                shape = Offer.Shape(
                    capacity: capacity,
                    safetyCapacity: vector(so["safetyCapacity"], "\(path).shape.safetyCapacity", count: resources),
                    labels: stringMap(so["labels"], "\(path).shape.labels") ?? [:])
            }
        } else if o["shape"] == nil || o["shape"] == .null {
            report("\(path).shape", "missing; expected an object with capacity")
        }
        if o["count"] == nil { report("\(path).count", "missing; expected an integer ≥ 1") }
        let count = integer(o["count"], "\(path).count", minimum: 1)
        guard let id, let provider, let type, let shape, let count else { return nil }
        return Offer(
            id: id, provider: provider, region: string(o["region"], "\(path).region"), type: type, shape: shape,
            count: count, price: number(o["price"], "\(path).price"))
    }
}
