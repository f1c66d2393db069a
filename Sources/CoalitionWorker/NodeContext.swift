import Foundation

/// What the loops of one worker process share about the node: its state directory, its
/// reservations and its NIMBY state.
final class NodeContext: Sendable {
    let state: StateDirectory
    let ledger: ResourceLedger
    let nimby: NimbyMonitor
    /// The last NIMBY reason each loop logged, so a log line is written on changes only.
    let lastNimbyReason = ReasonMemory()

    init(state: StateDirectory, ledger: ResourceLedger, nimby: NimbyMonitor) {
        self.state = state
        self.ledger = ledger
        self.nimby = nimby
    }
}

/// Per-loop memory of the last NIMBY reason's kind (its text without figures).
final class ReasonMemory: @unchecked Sendable {
    private let lock = NSLock()
    private var reasons: [String: String] = [:]

    /// Stores the reason; answers true when its kind differs from the previous one.
    @discardableResult
    func set(_ loop: String, _ reason: String?) -> Bool {
        let kind = reason.map { String($0.prefix { !$0.isNumber }) }
        return lock.withLock {
            let changed = reasons[loop] != kind
            reasons[loop] = kind
            return changed
        }
    }
}
