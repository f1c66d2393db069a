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

    init(farm: sending Farm, logs: LogStore, notifier: Notifier) {
        self.farm = Mutex(farm)
        self.logs = logs
        self.notifier = notifier
    }

    /// Runs one operation on the farm at the current time.
    func perform<T: Sendable>(_ operation: @Sendable (inout Farm, Double) -> T) async -> T {
        performNow(operation)
    }

    /// The same, for callers that are not async.
    func performNow<T: Sendable>(_ operation: (inout Farm, Double) -> T) -> T {
        farm.withLock { farm in
            let now = Date().timeIntervalSince1970
            farm.updatePass(now: now)
            let result = operation(&farm, now)
            let effects = farm.takeEffects()
            if !effects.isEmpty { apply(effects) }
            return result
        }
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
