import Foundation

extension MigrationPlan {
    /// The plan as one JSON document with stable, sorted keys — the plan's own fields of the document
    /// `shardplace plan --format json` prints, with the same names and shapes (what the C ABI's
    /// `sp_plan_json` returns): `complete`, `target` (shard → location), `waves` (`index`, `bytes`,
    /// `seconds`, `moves`: `shard`, `from`, `to`, `kind`, `via`, `copyFrom`, `bytes`, `urgency`,
    /// `cutOverVersion`, `seconds`, `phases`), `blocked` and `deferred` (`shard`, `from`, `to`, `reasons`),
    /// `rebinds`, `promotions`, `moves`, `stagedMoves`, `bytes`, `seconds` and `shardMapVersion`. Shards,
    /// hosts and locations are named by their ids in `problem`; a missing host (`from` of a creation) is
    /// absent.
    ///
    /// - Parameters:
    ///   - problem: the problem the plan was made for.
    ///   - target: the placement the plan was made to reach.
    /// - Complexity: O(shards + moves × phases).
    public func jsonDocument(problem p: Problem, target: Placement) -> String {
        let document = MigrationPlanDocument(self, problem: p, target: target)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        // Plain value types, non-finite numbers spelled out: encoding cannot fail.
        return String(decoding: try! encoder.encode(document), as: UTF8.self)
    }
}
