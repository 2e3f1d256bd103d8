extension Scenario {
    /// The scenario with each host's trust taken from its provider's score.
    ///
    /// A host whose `labelKey` label names a provider in `scores` gets that score as its
    /// ``Host/trust``, replacing the scenario's value; every other host keeps its own. Shards'
    /// ``Shard/minTrust`` then applies as always (``eligibleHosts(for:hostIndex:)``). Scores usually come
    /// from a verified trust ledger (`TrustLedger.trustByProvider` in ShardPlaceTrust).
    ///
    /// - Parameters:
    ///   - scores: provider → trust score in 0…1.
    ///   - labelKey: the host label that names the provider (default `provider`).
    /// - Returns: the scenario with the new host trusts (validate it again: a shard may no longer have
    ///   an eligible host).
    /// - Complexity: O(hosts).
    public func applyingTrust(_ scores: [String: Double], labelKey: String = "provider") -> Scenario {
        var scenario = self
        for h in scenario.hosts.indices {
            if let provider = scenario.hosts[h].labels[labelKey], let score = scores[provider] {
                precondition((0...1).contains(score), "trust score of provider \(provider) outside 0…1: \(score)")
                scenario.hosts[h].trust = score
            }
        }
        return scenario
    }

    /// How many hosts ``applyingTrust(_:labelKey:)`` would give a score from `scores`.
    public func hostCount(withTrustFrom scores: [String: Double], labelKey: String = "provider") -> Int {
        hosts.count { $0.labels[labelKey].map { scores[$0] != nil } ?? false }
    }
}
