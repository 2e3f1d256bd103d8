import Synchronization

/// A one-way flag that long work polls to end early: raised once (by Task cancellation), read many times
/// from any thread with one relaxed atomic load.
final class StopSignal: Sendable {
    private let raised = Atomic<Bool>(false)

    init() {}

    /// Whether the work should stop.
    var isRaised: Bool { raised.load(ordering: .relaxed) }

    /// Asks the work to stop; raising twice is harmless.
    func raise() { raised.store(true, ordering: .relaxed) }
}
