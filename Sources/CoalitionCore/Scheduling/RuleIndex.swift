import HeapModule

/// The part of `SchedulerIndex` that lets a pick skip groups held back by the scheduling
/// rules (see `RuleCounts`). Derived, rebuilt at load, never persisted.
struct RuleIndex: Sendable {
    /// Per group (and the root): what its available children count, summed.
    var sums: [JobID: RuleCounts] = [:]
    /// What each available group counts in its parent's sum. An available leaf has no entry:
    /// it counts `RuleCounts.leaf` of its `blockedFor` and its own limits.
    var filed: [JobID: RuleCounts] = [:]
    /// Per leaf, the workers counted as blocked from it (sorted).
    var blockedFor: [JobID: [String]] = [:]
    /// When counted blocks end, earliest first. Blocks never forgiven are not here; an entry
    /// may be stale (its block cleared or renewed): it is re-checked when it comes up.
    var expiries = Heap<BlockExpiry>()

    /// Whether every counted block still holds at `now`, so the per-worker counts can be
    /// trusted (otherwise a pick checks each leaf).
    func blocksCounted(at now: Double) -> Bool {
        guard let first = expiries.min else { return true }
        return first.until > now
    }
}

/// The end of one worker's block on one leaf.
struct BlockExpiry: Comparable, Sendable {
    var until: Double
    var leaf: JobID
    var worker: String

    static func < (a: BlockExpiry, b: BlockExpiry) -> Bool {
        if a.until != b.until { return a.until < b.until }
        if a.leaf != b.leaf { return a.leaf < b.leaf }
        return a.worker < b.worker
    }
}
