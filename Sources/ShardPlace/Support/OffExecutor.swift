import Dispatch

/// Runs blocking work (a solve, a plan, a forecast batch: seconds of `DispatchQueue.concurrentPerform`)
/// from `async` code without occupying a thread of Swift's cooperative pool: the work runs on a Dispatch
/// global queue and the caller's task suspends until it ends. Cancelling the caller's task raises the
/// ``StopSignal`` handed to the work, which polls it and ends early; a task cancelled before the call
/// hands over a signal that is already raised.
enum OffExecutor {
    static func run<T: Sendable>(_ work: @escaping @Sendable (StopSignal) -> T) async -> T {
        let signal = StopSignal()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<T, Never>) in
                DispatchQueue.global().async { continuation.resume(returning: work(signal)) }
            }
        } onCancel: {
            signal.raise()
        }
    }
}
