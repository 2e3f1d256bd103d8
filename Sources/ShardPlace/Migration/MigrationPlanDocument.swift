/// The plan's fields of ``MigrationPlan/jsonDocument(problem:target:)`` as values, shards and hosts named
/// by their ids: what the CLI's plan document embeds, so that the two spell a plan the same way.
public struct MigrationPlanDocument: Encodable, Sendable {
    public struct Phase: Encodable, Sendable {
        public var step: String
        public var seconds: Double
        public var chunks: Int?
    }

    public struct Move: Encodable, Sendable {
        public var shard: String
        public var from: String?
        public var to: String
        public var kind: String
        public var via: String?
        public var copyFrom: String?
        public var bytes: Double
        public var urgency: Double
        public var cutOverVersion: Int
        public var seconds: Double
        public var phases: [Phase]
    }

    public struct Wave: Encodable, Sendable {
        public var index: Int
        public var bytes: Double
        public var seconds: Double
        public var moves: [Move]
    }

    /// A blocked or deferred move and why.
    public struct Left: Encodable, Sendable {
        public var shard: String
        public var from: String?
        public var to: String?
        public var reasons: [String]
    }

    public struct Promotion: Encodable, Sendable {
        public var primary: String
        public var standby: String
        public var host: String
        public var version: Int
    }

    public var complete: Bool
    public var target: [String: String]
    public var waves: [Wave]
    public var blocked: [Left]
    public var deferred: [Left]
    public var rebinds: [String]
    public var promotions: [Promotion]
    public var moves: Int
    public var stagedMoves: Int
    public var bytes: Double
    public var seconds: Double
    public var shardMapVersion: Int

    /// - Parameters:
    ///   - plan: the plan.
    ///   - p: the problem the plan was made for.
    ///   - target: the placement the plan was made to reach.
    public init(_ plan: MigrationPlan, problem p: Problem, target: Placement) {
        func host(_ h: Int) -> String? { h < 0 ? nil : p.hostIDs[h] }
        let left = { (b: BlockedMove) in
            Left(shard: p.shardIDs[b.shard], from: host(b.from), to: host(b.to), reasons: b.reasons)
        }
        complete = plan.isComplete
        self.target = target.locations(in: p)
        waves = plan.waves.enumerated().map { i, wave in
            Wave(
                index: i, bytes: wave.bytes, seconds: wave.seconds,
                moves: wave.moves.map { m in
                    Move(
                        shard: p.shardIDs[m.shard], from: host(m.from), to: p.hostIDs[m.to], kind: m.kind.rawValue,
                        via: m.via.flatMap(host), copyFrom: m.copyFrom.flatMap(host), bytes: m.bytes,
                        urgency: m.urgency, cutOverVersion: m.cutOverVersion, seconds: m.seconds,
                        phases: m.phases.map {
                            Phase(
                                step: $0.step.rawValue, seconds: $0.seconds,
                                chunks: $0.step == .bulkCopy ? $0.chunks : nil)
                        })
                })
        }
        blocked = plan.blocked.map(left)
        deferred = plan.deferred.map(left)
        rebinds = plan.rebinds.map { p.shardIDs[$0] }
        promotions = plan.promotions.map {
            Promotion(
                primary: p.shardIDs[$0.primary], standby: p.shardIDs[$0.standby], host: p.hostIDs[$0.host],
                version: $0.version)
        }
        moves = plan.moveCount
        stagedMoves = plan.stagedCount
        bytes = plan.bytes
        seconds = plan.seconds
        shardMapVersion = plan.finalVersion
    }
}
