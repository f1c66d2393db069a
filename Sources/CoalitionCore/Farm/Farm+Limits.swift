/// Counted limits (licences and the like): a run holds one unit of each limit of its job
/// and its ancestors from pick to the moment it stops running, whatever the reason.
extension Farm {
    /// The maximum of a limit: the run-time value, else the `[limits]` section; nil = unknown.
    public func limitMaximum(_ name: String) -> Int? {
        state.limitMaxima[name] ?? settings.limits[name]
    }

    /// Units of `name` held by running jobs.
    public func limitUsed(_ name: String) -> Int { limitUse.used[name] ?? 0 }

    /// Every known limit with its maximum and use, by name.
    public func limitTable() -> [(name: String, max: Int, used: Int)] {
        var names = Set(settings.limits.keys)
        for (n, _) in state.limitMaxima { names.insert(n) }
        for n in limitUse.used.keys { names.insert(n) }
        return names.sorted().map { ($0, limitMaximum($0) ?? 0, limitUsed($0)) }
    }

    /// True when no further unit of `name` may be taken.
    func limitIsFull(_ name: String) -> Bool {
        limitUsed(name) >= (limitMaximum(name) ?? 0)
    }

    /// The first limit in `names` the farm does not know.
    func unknownLimit(in names: [String]) -> String? {
        names.first { limitMaximum($0) == nil }
    }

    /// Sets a limit's maximum at run time. A maximum below the current use keeps the
    /// running jobs' units; no pick takes one until use drops below it.
    mutating func setLimit(_ name: String, max: Int) {
        guard max >= 0, !name.isEmpty else { return }
        state.limitMaxima[name] = max
        touch()
    }

    /// Takes the units of a run that just started.
    mutating func acquireLimits(for id: JobID) {
        let names = inheritedLimits(of: id)
        guard !names.isEmpty else { return }
        state.heldLimits[id] = names
        limitUse.take(names)
    }

    /// Gives back the units of a run that stopped (finished, failed, timed out, reset,
    /// paused back to waiting, removed, worker lost).
    mutating func releaseLimits(of id: JobID) {
        guard let names = state.heldLimits.removeValue(forKey: id) else { return }
        limitUse.give(names)
    }

    /// Recomputes the use from the held units (after a restore).
    mutating func rebuildLimitUse() {
        limitUse = LimitUse()
        for (id, names) in state.heldLimits {
            if let job = state.jobs[id], job.isLeaf, job.state == .working {
                limitUse.take(names)
            } else {
                state.heldLimits[id] = nil
            }
        }
    }
}
