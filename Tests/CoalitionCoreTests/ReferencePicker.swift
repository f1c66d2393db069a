@testable import CoalitionCore

/// The v3 pick written as plainly as the reference states it (3.2, 3.3), walking the
/// whole tree: the yardstick for the indexed scheduler.
enum ReferencePicker {
    static func canExecute(_ job: Job, _ farm: Farm) -> Bool {
        guard job.id != 0, job.state != .finished, job.state != .paused else { return false }
        for d in job.dependencies {
            if let dep = farm.state.jobs[d], dep.state != .finished { return false }
        }
        if !job.isLeaf { return true }
        return job.state == .waiting || (job.state == .error && job.tryCount < job.retry)
    }

    /// With `free`, only a leaf whose request (the largest figures asked along its path)
    /// fits is handed out.
    static func pick(_ farm: Farm, affinity: String, worker: String? = nil, now: Double = 0,
                     free: Resources? = nil) -> JobID? {
        let words = Set(affinity.split(separator: ",", omittingEmptySubsequences: true).map(String.init))
        return pick(0, farm, words, worker: worker, now: now, free: free, asked: .zero)
    }

    /// Units of `name` in use: one per running leaf holding it (issue 12, limits).
    static func used(_ name: String, _ farm: Farm) -> Int {
        farm.state.heldLimits.filter { farm.state.jobs[$0.key]?.state == .working && $0.value.contains(name) }.count
    }

    /// Issue 12, literally: a leaf is given only while each limit of it and its ancestors
    /// has a free unit, and never to a worker that failed it `maxworkererrors` times until
    /// the block is forgiven.
    static func allowed(_ leaf: Job, _ farm: Farm, worker: String?, now: Double) -> Bool {
        var cursor: JobID? = leaf.id
        while let c = cursor, let job = farm.state.jobs[c] {
            for name in job.rules.limits where used(name, farm) >= (farm.limitMaximum(name) ?? 0) { return false }
            cursor = job.parent
        }
        if let worker, let list = farm.state.blocklists[leaf.id] {
            if list.contains(where: { $0.worker == worker && $0.until > now }) { return false }
        }
        return true
    }

    static func pick(_ id: JobID, _ farm: Farm, _ words: Set<String>, worker: String?, now: Double,
                     free: Resources?, asked: Resources) -> JobID? {
        let node = farm.state.jobs[id]!
        var best: Job?
        var bestYield: JobID?
        for c in node.children {
            let child = farm.state.jobs[c]!
            guard canExecute(child, farm) else { continue }
            let needs = child.affinity.split(separator: ",", omittingEmptySubsequences: true).map(String.init)
            guard needs.allSatisfy({ words.contains($0) }) else { continue }
            let childAsks = asked.atLeast(child.request.amounts)
            if let b = best {
                let better = child.priority > b.priority ||
                    (child.priority == b.priority &&
                     child.tally.working + child.tally.finished < b.tally.working + b.tally.finished)
                guard better else { continue }
            }
            let yielded: JobID?
            if child.isLeaf {
                // Leaves without a command are never handed out (recommended behaviour).
                let fits = free.map { childAsks.fits(in: $0) } ?? true
                yielded = child.command.isEmpty || !fits || !allowed(child, farm, worker: worker, now: now) ? nil : child.id
            } else {
                yielded = pick(c, farm, words, worker: worker, now: now, free: free, asked: childAsks)
            }
            if let y = yielded {
                best = child
                bestYield = y
            }
        }
        return bestYield
    }

    /// Aggregates recomputed from scratch, to check the incremental ones.
    static func recomputedTally(_ id: JobID, _ farm: Farm) -> Tally {
        let job = farm.state.jobs[id]!
        var t = Tally()
        for c in job.children {
            let child = farm.state.jobs[c]!
            if child.isLeaf {
                t = t + Tally(leafIn: child.state, duration: child.duration, startTime: child.startTime)
            } else {
                t = t + recomputedTally(c, farm)
            }
        }
        return t
    }
}
