import Foundation

/// Samples the input-activity counter and the clock, and says whether the node is NIMBY.
/// Shared by every loop of the worker; the source and the clock are injected for tests.
final class NimbyMonitor: @unchecked Sendable {
    let policy: NimbyPolicy
    private let readCount: @Sendable () -> UInt64
    private let clock: @Sendable () -> Date
    private let calendar: Calendar
    private let lock = NSLock()
    private var tracker = IdleTracker()

    init(
        policy: NimbyPolicy, calendar: Calendar = .current,
        readCount: @escaping @Sendable () -> UInt64 = NimbyMonitor.readProcInterrupts,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.policy = policy
        self.calendar = calendar
        self.readCount = readCount
        self.clock = clock
        if policy.mode == .idle { sample() }
    }

    /// Why the node is unavailable now, nil when the farm may use it.
    func reason() -> String? {
        guard policy.mode != .off else { return nil }
        let now = clock()
        let idleFor: Double? = policy.mode == .idle ? lock.withLock {
            tracker.observe(count: readCount(), now: now.timeIntervalSince1970)
            return tracker.secondsSinceActivity(now: now.timeIntervalSince1970)
        } : nil
        let moment = NimbyRules.localMoment(now, calendar: calendar)
        return NimbyRules.reason(policy: policy, idleFor: idleFor, weekday: moment.weekday, minute: moment.minute)
    }

    private func sample() {
        let now = clock().timeIntervalSince1970
        let count = readCount()
        lock.withLock { tracker.observe(count: count, now: now) }
    }

    /// The real source: input interrupts from `/proc/interrupts`.
    static let readProcInterrupts: @Sendable () -> UInt64 = {
        InputActivity.count(procInterrupts: (try? String(contentsOfFile: "/proc/interrupts", encoding: .utf8)) ?? "")
    }

    /// A source reading a decimal counter from a file (`--nimby-input FILE`): lets a test, or a
    /// site-specific probe, stand in for the interrupt counters.
    static func fileCounter(_ path: String) -> @Sendable () -> UInt64 {
        {
            let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            return UInt64(text.trimmingWhitespace()) ?? 0
        }
    }
}
