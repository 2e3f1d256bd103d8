/// Capacity a provider offers: `count` hosts of one shape, bought as one ``OfferType``, at a price.
///
/// Offers are expanded when a scenario is compiled (``Scenario/expandingOffers()``) into candidate hosts
/// `id-1`, `id-2`, … that placement may take. An unused offer host costs nothing; a used one (at least
/// one shard on it) costs its hourly price in the `price` term, whatever it holds (a fixed charge).
public struct Offer: Codable, Sendable, Hashable {
    /// A unique id; the candidate hosts are named `id-1` … `id-count`.
    public var id: String
    /// The ``Provider/id`` selling it.
    public var provider: String
    /// One of the provider's regions; `nil` when the provider names none.
    public var region: String?
    /// How it is bought.
    public var type: OfferType
    /// What one host of the offer is.
    public var shape: Shape
    /// Hosts available (≥ 1).
    public var count: Int
    /// Price of one host-hour. Default: the provider's price list for `type` · the shape's capacity.
    public var price: Double?

    public init(
        id: String, provider: String, region: String? = nil, type: OfferType, shape: Shape, count: Int,
        price: Double? = nil
    ) {
        self.id = id
        self.provider = provider
        self.region = region
        self.type = type
        self.shape = shape
        self.count = count
        self.price = price
    }

    /// The host shape of an offer.
    public struct Shape: Codable, Sendable, Hashable {
        /// Capacity per resource.
        public var capacity: [Double]
        /// Safety capacity per resource (default: `capacity`).
        public var safetyCapacity: [Double]?
        /// Labels of every host of the offer (failure domains such as `zone`). `provider`, `region`,
        /// `offerType` and `offer` are set from the offer.
        public var labels: [String: String]

        public init(capacity: [Double], safetyCapacity: [Double]? = nil, labels: [String: String] = [:]) {
            self.capacity = capacity
            self.safetyCapacity = safetyCapacity
            self.labels = labels
        }
    }
}
