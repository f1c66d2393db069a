import CoalitionCore
import Foundation
import Synchronization

/// The one owner of the farm. Every API call is one `perform`: a short critical section
/// under a lock, so mutations are serialized exactly as the original's single event loop
/// did. A lock rather than an actor because the sections are a few microseconds long and
/// an actor hop under load costs more than the work (measured with wrk: context switches
/// dominated). The effects a call produces (log files) are carried out inside the same
/// section, so a log append can never overtake the reset that deleted the file.
final class FarmService: Sendable {
    private let farm: Mutex<Farm>
    let logs: LogStore
    let notifier: Notifier
    /// Where changes are announced to `/json/events`.
    let changes: ChangeHub

    init(farm: sending Farm, logs: LogStore, notifier: Notifier, changes: ChangeHub = ChangeHub()) {
        self.farm = Mutex(farm)
        self.logs = logs
        self.notifier = notifier
        self.changes = changes
    }

    /// Runs one operation on the farm at the current time.
    func perform<T: Sendable>(_ operation: @Sendable (inout Farm, Double) -> T) async -> T {
        performNow(operation)
    }

    /// The same, naming what the operation touched (from its result) for the change stream.
    func perform<T: Sendable>(touching: @Sendable (T) -> Touched,
                              _ operation: @Sendable (inout Farm, Double) -> T) async -> T {
        performNow(touching: touching, operation)
    }

    /// The same, for callers that are not async.
    func performNow<T: Sendable>(touching: (T) -> Touched = { _ in Touched() },
                                 _ operation: (inout Farm, Double) -> T) -> T {
        farm.withLock { farm in
            let now = Date().timeIntervalSince1970
            let revision = farm.revision
            farm.updatePass(now: now)
            let result = operation(&farm, now)
            let effects = farm.takeEffects()
            if !effects.isEmpty { apply(effects) }
            if farm.revision != revision { announce(touching(result), in: farm) }
            return result
        }
    }

    /// What an operation touched, as far as its caller knows.
    struct Touched: Sendable {
        var jobs: [JobID] = []
        var workers: [String] = []
    }

    // TEMPORARY feed of the change stream: the revision tells that something changed, the
    // caller tells what it touched (ancestors are added: their totals follow). At the merge
    // with the operation door this is fed from the operation stream with exact ids.
    private func announce(_ touched: Touched, in farm: borrowing Farm) {
        var jobs = Set<JobID>()
        for id in touched.jobs {
            var next: JobID? = id
            while let current = next, jobs.insert(current).inserted {
                next = farm.job(current)?.parent
            }
        }
        changes.publish(jobs: jobs, workers: touched.workers, totals: true)
    }

    private func apply(_ effects: [FarmEffect]) {
        for effect in effects {
            switch effect {
            case .appendLog(let id, let bytes): logs.append(id, bytes)
            case .deleteLog(let id): logs.delete(id)
            case .truncateLog(let id): logs.truncate(id)
            case .notify(let to, let text): notifier.send(to: to, text: text)
            }
        }
    }

    /// The state to save when it changed since `revision`, with its revision. O(1): the
    /// persistent trees are shared, not copied.
    func snapshot(ifChangedSince revision: Int?) async -> (FarmState, Int)? {
        farm.withLock { farm in
            if let r = revision, r == farm.revision { return nil }
            return (farm.state, farm.revision)
        }
    }

    /// The revision at start-up.
    var revision: Int { farm.withLock { $0.revision } }
}
