import CoalitionCore
import Synchronization

/// Feeds the change stream from the farm's operation stream: `FarmService` calls
/// `before` with each change about to apply and `after` with the records of what applied,
/// both under the farm's lock, so every change reaches `/json/events`, whatever door it
/// came through (JSON, XML-RPC, the worker protocol, the timeout pass).
final class ChangeFeed: Sendable {
    private let hub: ChangeHub
    /// What the change being applied detaches, noted before it applies. Only touched
    /// under the farm's lock; the mutex makes that visible to the compiler.
    private let detached = Mutex<[JobID]>([])

    init(hub: ChangeHub) {
        self.hub = hub
    }

    /// Notes what `change` is about to take out of sight of its record.
    func before(_ change: FarmChange, in farm: borrowing Farm) {
        let ids = TouchedSet.detached(by: change, in: farm)
        detached.withLock { $0 = ids }
    }

    /// Publishes what the records touched.
    func after(_ records: [FarmOperation], in farm: borrowing Farm) {
        let ids = detached.withLock { list in
            defer { list = [] }
            return list
        }
        let touched = TouchedSet(records: records, in: farm, detached: ids)
        hub.publish(jobs: touched.jobs, workers: touched.workers, totals: touched.totals)
    }
}
