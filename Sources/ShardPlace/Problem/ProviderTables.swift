/// Compiles the provider catalog and the offers of an expanded scenario (``Scenario/expandingOffers()``)
/// into per-host columns: provider, egress price, offer and offer type; per-offer fixed charges (from an
/// ``OfferPlan`` when given); and the latency between the provider regions ("locales") of the hosts.
struct ProviderTables {
    /// Catalog providers first, then other `provider` label values in host order.
    private(set) var providerIDs: [String] = []
    private(set) var hostProvider: [Int32] = []
    private(set) var hostEgress: [Double] = []
    private(set) var hostOffer: [Int32] = []
    private(set) var hostOfferType: [OfferType?] = []
    private(set) var offerIDs: [String] = []
    private(set) var offerTypes: [OfferType] = []
    private(set) var offerProvider: [Int32] = []
    private(set) var offerPlanned: [Int32] = []
    private(set) var offerReducedCharge: [Double] = []
    private(set) var offerFullCharge: [Double] = []
    /// Per offer: the commitment term in hours of a reserved offer (0 for others).
    private(set) var offerTermHours: [Double] = []
    /// Locale (provider region) per host; 0 = no catalog provider.
    private(set) var hostLocale: [Int32] = []
    private(set) var localeCount = 1
    /// `localeCount²` latency in ms × ``Policy/LevelCosts/latency``.
    private(set) var localeLatency: [Float] = [0]
    private(set) var hasLatency = false

    init(_ scenario: Scenario, plan: OfferPlan?) {
        var providerIndex: [String: Int32] = [:]
        for p in scenario.providers where providerIndex[p.id] == nil {
            providerIndex[p.id] = Int32(providerIDs.count)
            providerIDs.append(p.id)
        }
        let catalogCount = providerIDs.count
        var egress = scenario.providers.map(\.egressPerGB)
        var offerIndex: [String: Int32] = [:]
        for (k, offer) in scenario.offers.enumerated() {
            offerIndex[offer.id] = Int32(k)
            offerIDs.append(offer.id)
            offerTypes.append(offer.type)
            offerProvider.append(providerIndex[offer.provider] ?? -1)
            let full = scenario.effectivePrice(of: offer) ?? 0
            offerFullCharge.append(full)
            offerTermHours.append(
                offer.type == .reserved ? scenario.provider(id: offer.provider)?.prices.reserved?.termHours ?? 8760 : 0)
            let entry = plan?.entries.first { $0.offer == offer.id }
            offerPlanned.append(Int32(min(offer.count, entry?.hosts ?? 0)))
            offerReducedCharge.append(full * min(1, max(0, entry?.duty ?? 1)))
        }
        for host in scenario.hosts {
            var provider: Int32 = -1
            if let id = host.labels[Scenario.CatalogLabel.provider] {
                if let known = providerIndex[id] {
                    provider = known
                } else {
                    provider = Int32(providerIDs.count)
                    providerIndex[id] = provider
                    providerIDs.append(id)
                    egress.append(0)
                }
            }
            hostProvider.append(provider)
            hostEgress.append(provider >= 0 ? egress[Int(provider)] : 0)
            hostOffer.append(host.labels[Scenario.CatalogLabel.offer].flatMap { offerIndex[$0] } ?? -1)
            hostOfferType.append(host.labels[Scenario.CatalogLabel.offerType].flatMap(OfferType.init(rawValue:)))
        }

        // Locales: (catalog provider, region) pairs the hosts use; latency by the most specific entry.
        var localeIndex: [String: Int32] = [:]
        var localeNames: [(provider: String, region: String?)] = [(provider: "", region: nil)]
        for (h, host) in scenario.hosts.enumerated() {
            guard hostProvider[h] >= 0, Int(hostProvider[h]) < catalogCount else {
                hostLocale.append(0)
                continue
            }
            let provider = providerIDs[Int(hostProvider[h])]
            let region = host.labels[Scenario.CatalogLabel.region]
            let key = region.map { "\(provider)/\($0)" } ?? provider
            if let known = localeIndex[key] {
                hostLocale.append(known)
            } else {
                let id = Int32(localeNames.count)
                localeIndex[key] = id
                localeNames.append((provider, region))
                hostLocale.append(id)
            }
        }
        var entries: [String: Double] = [:]
        for p in scenario.providers {
            for e in p.latency {
                let from = e.from.map { "\(p.id)/\($0)" } ?? p.id
                entries["\(from)|\(e.to)"] = e.milliseconds
                entries["\(e.to)|\(from)"] = e.milliseconds
            }
        }
        let n = localeNames.count
        localeCount = n
        localeLatency = [Float](repeating: 0, count: n * n)
        let perMillisecond = scenario.policy.levelCosts.latency
        for a in 1..<max(1, n) {
            for b in 1..<max(1, n) where a != b {
                let x = localeNames[a]
                let y = localeNames[b]
                let xs = (x.region.map { ["\(x.provider)/\($0)"] } ?? []) + [x.provider]
                let ys = (y.region.map { ["\(y.provider)/\($0)"] } ?? []) + [y.provider]
                var ms: Double?
                for u in xs {
                    for v in ys where ms == nil && !(u == x.provider && v == y.provider && x.provider == y.provider) {
                        ms = entries["\(u)|\(v)"]
                    }
                }
                let value = Float((ms ?? 0) * perMillisecond)
                localeLatency[a * n + b] = value
                if value > 0 { hasLatency = true }
            }
        }
    }
}
