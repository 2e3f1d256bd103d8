extension MigrationPlanner {
    /// The phases of moving `bytes`, with the durations of ``Options``: prepare (fixed); bulk copy
    /// (`bytes / bandwidth`, in chunks of ``Options/chunkBytes``); shadow writes (``Options/shadowFraction``
    /// of the copy, at least 1 s); verify (`1 + bytes / (verifySpeedup × bandwidth)`); cut over (fixed);
    /// clean up (`1 + bytes / (cleanUpSpeedup × bandwidth)`).
    public func phases(bytes: Double) -> [MigrationPhase] {
        let o = options
        let copy = bytes / o.bandwidth
        let chunks = bytes > 0 ? Int((bytes / o.chunkBytes).rounded(.up)) : 0
        return [
            MigrationPhase(step: .prepare, seconds: o.prepareSeconds),
            MigrationPhase(step: .bulkCopy, seconds: copy, chunks: chunks),
            MigrationPhase(step: .shadowWrites, seconds: max(1, o.shadowFraction * copy)),
            MigrationPhase(step: .verify, seconds: 1 + bytes / (o.verifySpeedup * o.bandwidth)),
            MigrationPhase(step: .cutOver, seconds: o.cutOverSeconds),
            MigrationPhase(step: .cleanUp, seconds: 1 + bytes / (o.cleanUpSpeedup * o.bandwidth)),
        ]
    }
}
