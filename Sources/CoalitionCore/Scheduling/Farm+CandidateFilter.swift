/// The blocklist and limit rules of a pick, kept apart from the descent in `nextJob` so
/// other candidate rules can sit beside them.
///
/// Cost: the rule counts (`RuleIndex`) are asked first, before the candidate's job is even
/// read: a group is skipped whole in O(1) per limit name found below it when every available
/// leaf below it is blocked for the asking worker, or needs one limit that is full (its own
/// or one named lower down), and a leaf counted as blocked for the worker costs one look-up.
/// Only a group holding a leaf the worker may take is entered. A sick worker costs nothing.
extension Farm {
    /// Whether the rule counts alone show that candidate `id` has nothing for `worker`.
    /// `blocksCounted`: whether the counted blocks all hold at the pick's time
    /// (`RuleIndex.blocksCounted`); otherwise blocks are left to `ruleRejects`.
    func countsReject(_ id: JobID, worker: String?, blocksCounted: Bool) -> Bool {
        if let counts = index.rules.filed[id] {
            return heldBack(counts, worker: worker, blocksCounted: blocksCounted)
        }
        if blocksCounted, let worker, let blocked = index.rules.blockedFor[id] { return blocked.contains(worker) }
        return false
    }

    /// Whether the rule counts show that no available leaf below group `id` can go to `worker`.
    func everyLeafHeldBack(below id: JobID, worker: String?, now: Double) -> Bool {
        guard let counts = index.rules.sums[id] else { return false }
        return heldBack(counts, worker: worker, blocksCounted: index.rules.blocksCounted(at: now))
    }

    /// Whether every leaf `counts` stands for is blocked for `worker` or needs one full limit.
    private func heldBack(_ counts: RuleCounts, worker: String?, blocksCounted: Bool) -> Bool {
        guard counts.leaves > 0 else { return false }
        if blocksCounted, let worker, let blocked = counts.blocked[worker], blocked >= counts.leaves { return true }
        for (name, needing) in counts.limited where needing >= counts.leaves && limitIsFull(name) { return true }
        return false
    }

    /// Whether the descent must skip `job` (and, for a group, all of it) for `worker`: a full
    /// limit it names, or a block of the worker on it.
    func ruleRejects(_ job: Job, worker: String?, now: Double) -> Bool {
        for name in job.rules.limits where limitIsFull(name) { return true }
        if job.isLeaf, let worker, let list = state.blocklists[job.id],
           list.contains(where: { $0.worker == worker && $0.blocks(at: now) }) {
            return true
        }
        return false
    }

    /// Whether `worker` may be given any work at all (not sick) at `now`.
    func workerMayPick(_ worker: Worker, now: Double) -> Bool {
        worker.health.sickUntil <= now
    }
}
