/// Scheduling rules as a leaf obeys them: its own value, else the nearest ancestor's
/// (limits: the union along the ancestry, in order, without repeats). Depth-bounded walks.
extension Farm {
    func nearest(_ id: JobID, _ value: (SchedulingRules) -> Int?) -> Int? {
        var cursor: JobID? = id
        while let c = cursor, let job = state.jobs[c] {
            if let v = value(job.rules) { return v }
            cursor = job.parent
        }
        return nil
    }

    /// Failures of one worker before it is blocked from `id`; 0 = off.
    public func inheritedMaxWorkerErrors(of id: JobID) -> Int {
        nearest(id) { $0.maxWorkerErrors > 0 ? $0.maxWorkerErrors : nil } ?? settings.maxWorkerErrors
    }

    /// Seconds a block on `id` lasts; 0 = never forgiven.
    public func inheritedForgiveTime(of id: JobID) -> Int {
        nearest(id) { $0.forgiveTime >= 0 ? $0.forgiveTime : nil } ?? 3600
    }

    /// Stall timeout of `id` in seconds; 0 = off.
    public func inheritedStallTimeout(of id: JobID) -> Int {
        nearest(id) { $0.stallTimeout > 0 ? $0.stallTimeout : nil } ?? 0
    }

    /// The limits a run of `id` holds.
    public func inheritedLimits(of id: JobID) -> [String] {
        var out: [String] = []
        var cursor: JobID? = id
        while let c = cursor, let job = state.jobs[c] {
            for n in job.rules.limits where !out.contains(n) { out.append(n) }
            cursor = job.parent
        }
        return out
    }
}
