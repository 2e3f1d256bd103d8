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
        func host(_ h: Int) -> String? { h < 0 ? nil : p.hostIDs[h] }
        let left = { (b: BlockedMove) in
            MigrationPlanJSON.Left(shard: p.shardIDs[b.shard], from: host(b.from), to: host(b.to), reasons: b.reasons)
        }
        let document = MigrationPlanJSON.Document(
            complete: isComplete,
            target: target.locations(in: p),
            waves: waves.enumerated().map { i, wave in
                MigrationPlanJSON.Wave(
                    index: i, bytes: wave.bytes, seconds: wave.seconds,
                    moves: wave.moves.map { m in
                        MigrationPlanJSON.Move(
                            shard: p.shardIDs[m.shard], from: host(m.from), to: p.hostIDs[m.to],
                            kind: m.kind.rawValue, via: m.via.flatMap(host), copyFrom: m.copyFrom.flatMap(host),
                            bytes: m.bytes, urgency: m.urgency, cutOverVersion: m.cutOverVersion, seconds: m.seconds,
                            phases: m.phases.map {
                                MigrationPlanJSON.Phase(
                                    step: $0.step.rawValue, seconds: $0.seconds,
                                    chunks: $0.step == .bulkCopy ? $0.chunks : nil)
                            })
                    })
            },
            blocked: blocked.map(left),
            deferred: deferred.map(left),
            rebinds: rebinds.map { p.shardIDs[$0] },
            promotions: promotions.map {
                MigrationPlanJSON.Promotion(
                    primary: p.shardIDs[$0.primary], standby: p.shardIDs[$0.standby], host: p.hostIDs[$0.host],
                    version: $0.version)
            },
            moves: moveCount, stagedMoves: stagedCount, bytes: bytes, seconds: seconds, shardMapVersion: finalVersion)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        // Plain value types, non-finite numbers spelled out: encoding cannot fail.
        return String(decoding: try! encoder.encode(document), as: UTF8.self)
    }
}

/// The Encodable shapes of ``MigrationPlan/jsonDocument(problem:target:)``.
private enum MigrationPlanJSON {
    struct Phase: Encodable {
        var step: String
        var seconds: Double
        var chunks: Int?
    }

    struct Move: Encodable {
        var shard: String
        var from: String?
        var to: String
        var kind: String
        var via: String?
        var copyFrom: String?
        var bytes: Double
        var urgency: Double
        var cutOverVersion: Int
        var seconds: Double
        var phases: [Phase]
    }

    struct Wave: Encodable {
        var index: Int
        var bytes: Double
        var seconds: Double
        var moves: [Move]
    }

    struct Left: Encodable {
        var shard: String
        var from: String?
        var to: String?
        var reasons: [String]
    }

    struct Promotion: Encodable {
        var primary: String
        var standby: String
        var host: String
        var version: Int
    }

    struct Document: Encodable {
        var complete: Bool
        var target: [String: String]
        var waves: [Wave]
        var blocked: [Left]
        var deferred: [Left]
        var rebinds: [String]
        var promotions: [Promotion]
        var moves: Int
        var stagedMoves: Int
        var bytes: Double
        var seconds: Double
        var shardMapVersion: Int
    }
}
