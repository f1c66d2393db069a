import Foundation

/// The node's `ResourcePool` shared by its loops, and the turn they take to ask for work: one
/// pickjob at a time per node, so the free figures a request carries already count what the
/// previous answer reserved.
final class ResourceLedger: @unchecked Sendable {
    private let lock = NSLock()
    private var pool: ResourcePool
    private let turn = PickTurn()

    init(capacity: HostCapacity) {
        pool = ResourcePool(capacity: capacity)
    }

    var snapshot: ResourcePool { lock.withLock { pool } }

    func grant(_ reservation: Reservation) -> (grant: ResourceGrant, shortfall: Reservation) {
        lock.withLock { pool.grant(reservation) }
    }

    func retake(_ grant: ResourceGrant) { lock.withLock { pool.retake(grant) } }

    func release(_ grant: ResourceGrant) { lock.withLock { pool.release(grant) } }

    /// Runs `body` while no other loop of the node is asking for work.
    func withPickTurn<T: Sendable>(_ body: @Sendable () async throws -> T) async rethrows -> T {
        await turn.acquire()
        do {
            let result = try await body()
            await turn.release()
            return result
        } catch {
            await turn.release()
            throw error
        }
    }
}

/// A fair asynchronous mutex.
actor PickTurn {
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func acquire() async {
        if !busy {
            busy = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty {
            busy = false
        } else {
            waiting.removeFirst().resume()
        }
    }
}
