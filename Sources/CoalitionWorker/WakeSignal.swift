import Foundation

/// Wakes one waiting task early: a pause "for `sleep` seconds, unless something happens"
/// (output buffer full, job exited, worker stopping). A signal sent while nobody waits is
/// kept for the next wait, so none is missed.
final class WakeSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var pending = false
    private var waiter: (id: UInt64, continuation: CheckedContinuation<Void, Never>)?
    private var nextID: UInt64 = 0

    init() {}

    /// Wakes the current waiter, or the next one.
    func signal() {
        let continuation: CheckedContinuation<Void, Never>? = lock.withLock {
            if let waiter {
                self.waiter = nil
                return waiter.continuation
            }
            pending = true
            return nil
        }
        continuation?.resume()
    }

    /// Returns after `seconds`, or earlier when signalled or cancelled. Answers true when
    /// a signal (or cancellation) ended the wait, false when the time ran out.
    @discardableResult
    func wait(seconds: Double) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                await self.waitForSignal()
                return true
            }
            group.addTask {
                let nanoseconds = UInt64(max(0, min(seconds, 86_400)) * 1_000_000_000)
                try? await Task.sleep(nanoseconds: nanoseconds)
                return false
            }
            let woken = await group.next() ?? false
            group.cancelAll()
            return woken
        }
    }

    private func waitForSignal() async {
        let id: UInt64 = lock.withLock {
            nextID += 1
            return nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow: Bool = lock.withLock {
                    if pending {
                        pending = false
                        return true
                    }
                    if Task.isCancelled { return true }
                    waiter = (id, continuation)
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let continuation: CheckedContinuation<Void, Never>? = lock.withLock {
                guard let waiter, waiter.id == id else { return nil }
                self.waiter = nil
                return waiter.continuation
            }
            continuation?.resume()
        }
    }
}
