/// Keeps `RuleIndex` in step with the availability index, the blocklists and the limits
/// jobs name. Every change of what a job counts is sent up as a delta through the available
/// ancestors, so the cost is the depth of the tree times the few names involved.
extension Farm {
    /// What available job `job` counts in its parent's sum.
    func ruleCounts(of job: Job) -> RuleCounts {
        ruleCounts(of: job.id, isLeaf: job.isLeaf, limits: job.rules.limits)
    }

    func ruleCounts(of id: JobID, isLeaf: Bool, limits: [String]) -> RuleCounts {
        if isLeaf {
            return .leaf(blockedFor: index.rules.blockedFor[id] ?? [], limits: limits)
        }
        return (index.rules.sums[id] ?? RuleCounts()).throughGroup(naming: limits)
    }

    /// Brings what `id` counts in its parent's sum in step with its filing and state, right
    /// after its filing may have changed. `wasFiled`: whether it was filed before.
    mutating func syncRuleCounts(_ job: Job, wasFiled: Bool) {
        guard let parent = job.parent else { return }
        syncRuleCounts(job.id, parent: parent, isLeaf: job.isLeaf, limits: job.rules.limits, wasFiled: wasFiled)
    }

    /// `syncRuleCounts` from the facts it reads of the job.
    mutating func syncRuleCounts(_ id: JobID, parent: JobID, isLeaf: Bool, limits: [String], wasFiled: Bool) {
        guard id != 0 else { return }
        // A filed group always has an entry; a filed leaf counts from its current inputs,
        // which change only through `changeLeafRuleInputs`.
        let old: RuleCounts? = index.rules.filed[id] ?? (wasFiled ? ruleCounts(of: id, isLeaf: isLeaf, limits: limits) : nil)
        let new: RuleCounts? = index.filedKey[id] == nil ? nil : ruleCounts(of: id, isLeaf: isLeaf, limits: limits)
        index.rules.filed[id] = isLeaf ? nil : new
        guard old != new else { return }
        propagateRuleCounts(.difference(new ?? RuleCounts(), old ?? RuleCounts()), from: parent)
    }

    /// Changes what a leaf counts (its blocked workers or its own limits) through `change`,
    /// sending the difference up when it is filed. `change` must leave its filing as it was.
    mutating func changeLeafRuleInputs(_ id: JobID, _ change: (inout Farm) -> Void) {
        guard let before = state.jobs[id], before.isLeaf, index.filedKey[id] != nil, let parent = before.parent else {
            change(&self)
            return
        }
        let old = ruleCounts(of: before)
        change(&self)
        guard let after = state.jobs[id] else { return }
        let new = ruleCounts(of: after)
        if old != new { propagateRuleCounts(.difference(new, old), from: parent) }
    }

    /// Adds `delta` to the sum of `start` and of each ancestor reached through filed groups.
    mutating func propagateRuleCounts(_ delta: RuleCounts, from start: JobID) {
        guard !delta.isEmpty else { return }
        var d = delta
        var id = start
        while true {
            index.rules.sums[id, default: RuleCounts()].add(d)
            if index.rules.sums[id]?.isEmpty == true { index.rules.sums[id] = nil }
            guard id != 0, index.rules.filed[id] != nil, let job = state.jobs[id], let parent = job.parent else { return }
            d = d.throughGroup(naming: job.rules.limits)
            index.rules.filed[id]!.add(d)
            id = parent
        }
    }

    // MARK: blocks

    /// Counts the blocks of leaf `id` that hold at `now`.
    mutating func syncBlocks(_ id: JobID, now: Double) {
        let active = (state.blocklists[id] ?? []).filter { $0.blocks(at: now) }.map(\.worker).sorted()
        guard active != index.rules.blockedFor[id] ?? [] else { return }
        changeLeafRuleInputs(id) { farm in farm.index.rules.blockedFor[id] = active.isEmpty ? nil : active }
    }

    /// Notes when a block that just began ends (a block never forgiven does not end).
    mutating func scheduleBlockExpiry(_ id: JobID, worker: String, until: Double) {
        guard until.isFinite else { return }
        index.rules.expiries.insert(BlockExpiry(until: until, leaf: id, worker: worker))
    }

    /// Stops counting the blocks that ended by `now` (before a pick).
    mutating func forgiveExpiredBlocks(now: Double) {
        while let first = index.rules.expiries.min, first.until <= now {
            _ = index.rules.expiries.popMin()
            syncBlocks(first.leaf, now: now)
        }
    }

    // MARK: load

    /// Starts the rule counts afresh from the blocklists (at load); the jobs are filed next,
    /// bottom-up, by `rebuildSubtreeCounts`.
    mutating func startRuleCounts(now: Double) {
        index.rules = RuleIndex()
        for (id, list) in state.blocklists {
            guard state.jobs.contains(id) else { continue }
            let active = list.filter { $0.blocks(at: now) }
            if !active.isEmpty { index.rules.blockedFor[id] = active.map(\.worker).sorted() }
            for e in active { scheduleBlockExpiry(id, worker: e.worker, until: e.until) }
        }
    }

    /// Drops what the index keeps for a job that leaves the tree.
    mutating func forgetRuleCounts(_ id: JobID) {
        index.rules.sums[id] = nil
        index.rules.filed[id] = nil
        index.rules.blockedFor[id] = nil
    }
}
