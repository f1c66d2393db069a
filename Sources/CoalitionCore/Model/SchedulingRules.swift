/// A job's own scheduling rules beyond v3 (docs/scheduling.md). Each is inherited by the
/// job's descendants the way affinity is: a leaf obeys the nearest non-zero value up its
/// ancestry (limits: the union of every ancestor's). The defaults change nothing.
public struct SchedulingRules: Sendable, Equatable {
    /// Failures of one worker on one leaf before that worker is blocked from it; 0 = inherit
    /// (the farm's `maxworkererrors` at the root, 0 = off).
    public var maxWorkerErrors = 0
    /// Seconds a block lasts; 0 = never forgiven. Negative = inherit (3600 at the root).
    public var forgiveTime = -1
    /// Named limits a run holds one unit of each from pick to end.
    public var limits: [String] = []
    /// Seconds without a change of progress or output before a run is stopped; 0 = inherit (off).
    public var stallTimeout = 0

    public init() {}

    /// The names of a comma-separated `limits` value, trimmed, empty ones dropped.
    public static func limitNames(_ text: String) -> [String] {
        var out: [String] = []
        for part in text.split(separator: ",") {
            let name = String(part).trimmingSpaces()
            if !name.isEmpty && !out.contains(name) { out.append(name) }
        }
        return out
    }

    /// True when nothing is set: such jobs add nothing to a snapshot.
    public var isDefault: Bool { self == SchedulingRules() }
}

/// One worker's failures on one leaf.
public struct BlockEntry: Sendable, Equatable {
    public var worker: String
    public var errors: Int
    /// Blocked until this time once `errors` reached the threshold; infinity = never forgiven,
    /// 0 = not blocked (yet).
    public var until: Double

    public init(worker: String, errors: Int, until: Double) {
        self.worker = worker
        self.errors = errors
        self.until = until
    }

    /// Whether the entry keeps its worker away from the job at `now`.
    public func blocks(at now: Double) -> Bool { until > now }
}

/// A worker's run of failures, for the sick-worker rule.
public struct WorkerHealth: Sendable, Equatable {
    /// Consecutive failures, each of a different job than the one before.
    public var failureStreak = 0
    public var lastFailedJob: JobID = -1
    /// No work is given before this time (0 = healthy).
    public var sickUntil = 0.0

    public init() {}
}
