import CoalitionCore
import Foundation

/// The one owner of the farm. Every API call is one `perform` on this actor, so
/// mutations are serialized exactly as the original's single event loop did; the
/// effects a call produces (log files) are carried out before the next call starts, so
/// a log append can never overtake the reset that deleted the file.
actor FarmService {
    private(set) var farm: Farm
    let logs: LogStore
    let notifier: Notifier

    init(farm: Farm, logs: LogStore, notifier: Notifier) {
        self.farm = farm
        self.logs = logs
        self.notifier = notifier
    }

    /// Runs one operation on the farm at the current time.
    func perform<T: Sendable>(_ operation: @Sendable (inout Farm, Double) -> T) -> T {
        let now = Date().timeIntervalSince1970
        farm.updatePass(now: now)
        let result = operation(&farm, now)
        let effects = farm.takeEffects()
        if !effects.isEmpty { apply(effects) }
        return result
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

    /// The state to save when it changed since `revision`, with its revision.
    func snapshot(ifChangedSince revision: Int?) -> (FarmState, Int)? {
        if let r = revision, r == farm.revision { return nil }
        return (farm.state, farm.revision)
    }
}
