import Testing

@testable import ShardPlace

/// `Policy.Weights.setWeight(_:forTerm:)`: each soft term's name sets that term's weight alone, as the
/// scenario reader's `policy.weights` keys do; any other name changes nothing.
@Suite struct PolicyWeightsTests {
    @Test("each soft term sets its own weight and no other", arguments: CostTerms.softNames)
    func softTerm(name: String) throws {
        var weights = Policy.Weights()
        let known = weights.setWeight(7.5, forTerm: name)
        #expect(known)
        for other in CostTerms.softNames {
            let expected = other == name ? 7.5 : CostTerms.weight(of: other, in: Policy.Weights())
            #expect(CostTerms.weight(of: other, in: weights) == expected, "\(other)")
        }
        // The reader's own mapping from `policy.weights` keys agrees.
        var read = Policy.Weights()
        read[keyPath: try #require(ScenarioReader.weightPaths[name])] = 7.5
        #expect(read == weights)
    }

    @Test("hard terms and unknown names change nothing", arguments: CostTerms.hardNames + ["", "Traffic", "latency"])
    func otherName(name: String) {
        var weights = Policy.Weights()
        let known = weights.setWeight(3, forTerm: name)
        #expect(!known)
        #expect(weights == Policy.Weights())
    }
}
