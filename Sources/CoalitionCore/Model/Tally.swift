/// Counts of descendant leaves by state, plus what is needed to derive a group's mean
/// duration without walking its subtree: the fixed durations of leaves that are not
/// running and the sum of start times of the ones that are (their duration grows with
/// the clock, so it is computed when read).
public struct Tally: Sendable, Equatable {
    public var total = 0
    public var finished = 0
    public var errors = 0
    public var working = 0
    public var durationSum = 0.0
    public var workingStartSum = 0.0

    public init() {}

    /// The contribution of one leaf in `state`.
    public init(leafIn state: JobState, duration: Double, startTime: Double) {
        total = 1
        switch state {
        case .finished: finished = 1
        case .error: errors = 1
        case .working: working = 1
        case .waiting, .paused: break
        }
        if state == .working {
            workingStartSum = startTime
        } else {
            durationSum = duration
        }
    }

    public static let zero = Tally()

    public var isZero: Bool { self == .zero }

    public static func + (a: Tally, b: Tally) -> Tally {
        var r = a
        r.total += b.total
        r.finished += b.finished
        r.errors += b.errors
        r.working += b.working
        r.durationSum += b.durationSum
        r.workingStartSum += b.workingStartSum
        return r
    }

    public static func - (a: Tally, b: Tally) -> Tally {
        var r = a
        r.total -= b.total
        r.finished -= b.finished
        r.errors -= b.errors
        r.working -= b.working
        r.durationSum -= b.durationSum
        r.workingStartSum -= b.workingStartSum
        return r
    }

    /// Mean duration over the leaves at time `now` (0 without leaves).
    public func meanDuration(now: Double) -> Double {
        guard total > 0 else { return 0 }
        let running = Double(working) * now - workingStartSum
        return max(0, (durationSum + running) / Double(total))
    }

    /// The state a group with these leaves shows (v3 precedence WORKING > ERROR > FINISHED > WAITING).
    public var derivedState: JobState {
        if working > 0 { return .working }
        if errors > 0 { return .error }
        if total > 0 && total == finished { return .finished }
        return .waiting
    }
}
