/// The blocklist and limit rules of a pick, kept apart from the descent in `nextJob` so
/// other candidate rules can sit beside them.
///
/// Cost: a candidate naming a full limit is skipped with its whole subtree in O(1) per
/// limit name, so limits set on groups cut whole branches. A blocked leaf is skipped at
/// its level, so the extra work of a pick is bounded by the asking worker's live
/// blocklist entries (each skipped leaf is one of them); a sick worker costs nothing.
extension Farm {
    /// Whether the descent must skip `job` (and, for a group, all of it) for `worker`.
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
