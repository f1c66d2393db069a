import Foundation

/// Shutdown coordination: set once by SIGINT/SIGTERM; wakes every registered pause so loops
/// notice at once.
final class StopController: @unchecked Sendable {
    private let lock = NSLock()
    private var requested = false
    private var wakes: [ObjectIdentifier: WakeSignal] = [:]

    init() {}

    /// True once a stop was asked.
    var isRequested: Bool { lock.withLock { requested } }

    /// Answers true the first time only.
    @discardableResult
    func request() -> Bool {
        let (first, toWake): (Bool, [WakeSignal]) = lock.withLock {
            defer { requested = true }
            return (!requested, Array(wakes.values))
        }
        for wake in toWake { wake.signal() }
        return first
    }

    /// While registered, `wake` is signalled when a stop is asked (at once if it already was).
    func register(_ wake: WakeSignal) {
        let already: Bool = lock.withLock {
            wakes[ObjectIdentifier(wake)] = wake
            return requested
        }
        if already { wake.signal() }
    }

    func unregister(_ wake: WakeSignal) {
        _ = lock.withLock { wakes.removeValue(forKey: ObjectIdentifier(wake)) }
    }
}

/// Runs blocking work on its own thread, so the few threads of the shared pool never block.
func runOnThread<T: Sendable>(name: String, _ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        let thread = Thread { continuation.resume(returning: body()) }
        thread.name = name
        thread.start()
    }
}
