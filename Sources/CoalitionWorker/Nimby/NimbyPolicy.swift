import Foundation

/// `nimby`: when the node's owner has priority over the farm.
public enum NimbyMode: String, Equatable, Sendable, CaseIterable {
    /// Always available to the farm (v3 behaviour).
    case off
    /// Unavailable while a person used the keyboard or mouse in the last `nimbyidle` seconds.
    case idle
    /// Available only inside the `nimbyschedule` windows.
    case schedule
}

/// `nimbyaction`: what happens to a running job when the node becomes unavailable.
public enum NimbyAction: String, Equatable, Sendable, CaseIterable {
    /// The job runs to its end; no new job is taken.
    case finish
    /// The job's process tree is killed and the job given back to the server, not counted as an error.
    case requeue
}

/// The NIMBY settings of a worker.
public struct NimbyPolicy: Equatable, Sendable {
    public var mode: NimbyMode
    /// Seconds without keyboard or mouse input after which the node counts as free.
    public var idleSeconds: Double
    public var schedule: NimbySchedule?
    public var action: NimbyAction

    public static let off = NimbyPolicy(mode: .off, idleSeconds: 300, schedule: nil, action: .finish)

    public init(mode: NimbyMode, idleSeconds: Double, schedule: NimbySchedule?, action: NimbyAction) {
        self.mode = mode
        self.idleSeconds = idleSeconds
        self.schedule = schedule
        self.action = action
    }
}

/// Remembers when input activity was last seen: the counter is sampled, and any change
/// means a person used the machine since the previous sample. Pure; the sampling is outside.
public struct IdleTracker: Equatable, Sendable {
    private var lastCount: UInt64?
    /// When a change of the counter was last seen; nil while none was (the node counts as idle
    /// from the worker's start: a node started by its operator is meant to work).
    public private(set) var lastActivity: Double?

    public init() {}

    /// Records a sample of the input counter taken at `now`.
    public mutating func observe(count: UInt64, now: Double) {
        if let lastCount, lastCount != count { lastActivity = now }
        lastCount = count
    }

    /// Seconds since the last activity, nil when none was seen.
    public func secondsSinceActivity(now: Double) -> Double? {
        lastActivity.map { max(0, now - $0) }
    }
}

/// Pure NIMBY decisions: whether the node is taken by its owner, why, and what a loop does.
public enum NimbyRules {
    /// Why the node is unavailable to the farm at this moment, nil when it is available.
    /// `weekday` 0 = Monday, `minute` of the local day; `idleFor` = seconds since the last input.
    public static func reason(policy: NimbyPolicy, idleFor: Double?, weekday: Int, minute: Int) -> String? {
        switch policy.mode {
        case .off:
            return nil
        case .idle:
            guard let idleFor, idleFor < policy.idleSeconds else { return nil }
            return "user active \(Int(idleFor)) s ago (nimbyidle \(Int(policy.idleSeconds)) s)"
        case .schedule:
            guard let schedule = policy.schedule, !schedule.contains(weekday: weekday, minute: minute) else { return nil }
            return "outside nimbyschedule"
        }
    }

    /// What a loop does at one moment.
    public enum Step: Equatable, Sendable {
        /// Ask the server for work.
        case pick
        /// Ask nothing; tell the server the node is NIMBY and why.
        case holdOff(reason: String)
        /// Let the running job go on.
        case keepRunning
        /// Kill the running job and give it back.
        case requeue(reason: String)
    }

    /// The step for a loop that is idle (`jobRunning` false) or running a job.
    public static func step(reason: String?, jobRunning: Bool, action: NimbyAction) -> Step {
        guard let reason else { return jobRunning ? .keepRunning : .pick }
        if !jobRunning { return .holdOff(reason: reason) }
        return action == .requeue ? .requeue(reason: reason) : .keepRunning
    }

    /// Monday-based weekday and minute of the day of `date` in `calendar`'s time zone.
    public static func localMoment(_ date: Date, calendar: Calendar) -> (weekday: Int, minute: Int) {
        let parts = calendar.dateComponents([.weekday, .hour, .minute], from: date)
        // Calendar weekdays: 1 = Sunday … 7 = Saturday.
        let weekday = ((parts.weekday ?? 2) + 5) % 7
        return (weekday, (parts.hour ?? 0) * 60 + (parts.minute ?? 0))
    }
}
