extension Scenario {
    /// Host label keys that tie hosts to the provider catalog.
    public enum CatalogLabel {
        /// The ``Provider/id`` a host belongs to.
        public static let provider = "provider"
        /// The provider region a host lies in.
        public static let region = "region"
        /// How the host is bought: an ``OfferType`` raw value (`reserved`, `onDemand`, `spot`). Hosts
        /// labelled `spot` form their provider's spot pool (``Group/maxSpotReplicas``).
        public static let offerType = "offerType"
        /// The ``Offer/id`` an expanded offer host comes from (set by ``Scenario/expandingOffers()``).
        public static let offer = "offer"
    }

    /// The id of the `index`-th (from 1) candidate host of an offer: `<offer>-<index>`.
    public static func offerHostID(offer: String, index: Int) -> String { "\(offer)-\(index)" }

    /// The catalog provider with this id, if any.
    public func provider(id: String) -> Provider? { providers.first { $0.id == id } }

    /// This scenario with its catalog applied to the hosts: every ``Offer`` expanded into `count`
    /// candidate hosts (appended after ``hosts``, named ``offerHostID(offer:index:)``, labelled with the
    /// offer's provider, region, type and id, priced by the offer rather than per unit), and every host
    /// of a catalog provider without its own ``Host/trust`` or ``Host/price`` given the provider's trust
    /// and its price list for the host's `offerType` label (default `onDemand`). What ``Problem``
    /// compiles; offers already expanded are not expanded twice.
    public func expandingOffers() -> Scenario {
        guard !providers.isEmpty || !offers.isEmpty else { return self }
        var copy = self
        var catalog: [String: Provider] = [:]
        for p in providers where catalog[p.id] == nil { catalog[p.id] = p }
        for i in copy.hosts.indices {
            guard let id = copy.hosts[i].labels[CatalogLabel.provider], let p = catalog[id] else { continue }
            if copy.hosts[i].trust == nil { copy.hosts[i].trust = p.trust }
            if copy.hosts[i].price == nil && copy.hosts[i].labels[CatalogLabel.offer] == nil {
                let type = copy.hosts[i].labels[CatalogLabel.offerType].flatMap(OfferType.init(rawValue:)) ?? .onDemand
                copy.hosts[i].price = p.prices.list(type)
            }
        }
        let expanded = Set(hosts.compactMap { $0.labels[CatalogLabel.offer] })
        for offer in offers where !expanded.contains(offer.id) {
            var labels = offer.shape.labels
            labels[CatalogLabel.provider] = offer.provider
            if let region = offer.region { labels[CatalogLabel.region] = region }
            labels[CatalogLabel.offerType] = offer.type.rawValue
            labels[CatalogLabel.offer] = offer.id
            for index in 0..<max(0, offer.count) {
                copy.hosts.append(
                    Host(
                        id: Self.offerHostID(offer: offer.id, index: index + 1), labels: labels,
                        capacity: offer.shape.capacity, safetyCapacity: offer.shape.safetyCapacity,
                        price: [Double](repeating: 0, count: offer.shape.capacity.count),
                        trust: catalog[offer.provider]?.trust))
            }
        }
        return copy
    }

    /// The price of one host-hour of an offer as listed: ``Offer/price``, or the provider's price list
    /// for the offer's type times the shape's capacity; `nil` when neither is known.
    public func listPrice(of offer: Offer) -> Double? {
        if let price = offer.price { return price }
        guard let list = provider(id: offer.provider)?.prices.list(offer.type),
            list.count == offer.shape.capacity.count
        else { return nil }
        return zip(list, offer.shape.capacity).reduce(0) { $0 + $1.0 * $1.1 }
    }

    /// The expected price of one host-hour of an offer while it runs: the list price, and for spot
    /// `(1 − p) × spot + p × on-demand`, where p is the provider's reclaim probability and on-demand the
    /// provider's on-demand price of the same shape (the spot price when it sells none): a reclaimed
    /// hour is served on-demand.
    public func effectivePrice(of offer: Offer) -> Double? {
        guard let list = listPrice(of: offer) else { return nil }
        guard offer.type == .spot, let spot = provider(id: offer.provider)?.prices.spot else { return list }
        var fallback = list
        if let od = provider(id: offer.provider)?.prices.onDemand, od.count == offer.shape.capacity.count {
            fallback = zip(od, offer.shape.capacity).reduce(0) { $0 + $1.0 * $1.1 }
        }
        return (1 - spot.reclaimProbability) * list + spot.reclaimProbability * fallback
    }

    /// This scenario with every offer bought as `type` instead (the same shapes and counts): what the
    /// same capacity would cost all on-demand, say. An offer's explicit ``Offer/price`` is dropped when
    /// its provider lists prices for `type` (the list price applies) and kept otherwise.
    public func convertingOffers(to type: OfferType) -> Scenario {
        var copy = self
        for i in copy.offers.indices where copy.offers[i].type != type {
            copy.offers[i].type = type
            if provider(id: copy.offers[i].provider)?.prices.list(type) != nil { copy.offers[i].price = nil }
        }
        return copy
    }

    /// This scenario with trust scores set per provider (from a trust ledger, say): each named catalog
    /// provider's ``Provider/trust`` and the ``Host/trust`` of every host labelled with that provider.
    /// Offer hosts take the catalog trust when they are expanded.
    public func withProviderTrust(_ scores: [String: Double]) -> Scenario {
        var copy = self
        for i in copy.providers.indices {
            if let score = scores[copy.providers[i].id] { copy.providers[i].trust = score }
        }
        for i in copy.hosts.indices {
            if let id = copy.hosts[i].labels[CatalogLabel.provider], let score = scores[id] {
                copy.hosts[i].trust = score
            }
        }
        return copy
    }
}
