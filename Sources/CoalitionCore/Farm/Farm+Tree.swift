extension Farm {
    // MARK: availability index

    /// The key under which `job` is filed in its parent's candidate set.
    func candidateKey(_ job: Job) -> CandidateKey {
        CandidateKey(priority: job.priority,
                     load: job.isLeaf ? 0 : job.tally.working + job.tally.finished,
                     seq: job.seq, id: job.id)
    }

    /// Every dependency is FINISHED; a dependency on a job that does not exist is satisfied
    /// (reference 16.1 #2).
    func dependenciesMet(_ job: Job) -> Bool {
        job.dependencies.allSatisfy { d in state.jobs.withRow(d) { $0.state == .finished } ?? true }
    }

    /// Whether `job` could yield a leaf to some worker (see `SchedulerIndex`).
    func isAvailable(_ job: Job) -> Bool {
        guard job.id != 0, job.state != .paused, job.state != .finished else { return false }
        if job.isLeaf {
            // Leaves without a command are never handed out (reference 3.3, v4 behaviour).
            guard !job.command.isEmpty else { return false }
            guard job.state == .waiting || (job.state == .error && job.tryCount < job.retry) else { return false }
        } else {
            guard let set = index.candidates[job.id], !set.isEmpty else { return false }
        }
        return dependenciesMet(job)
    }

    /// Re-files `id` in its parent's candidate set after any change that may affect its
    /// availability or its key, and walks up while availability flips.
    mutating func refreshAvailability(_ start: JobID) {
        defer { refreshFloors(from: start) }
        var id = start
        // Each job's facts are read where it is stored (a copy of a group would retain its
        // child list and every field).
        while id != 0, let (newKey, parentOrNil, isLeaf, limits) = state.jobs.withRow(id, { job in
            (isAvailable(job) ? candidateKey(job) : nil, job.parent, job.isLeaf, job.rules.limits)
        }), let parent = parentOrNil {
            let oldKey = index.filedKey[id]
            if oldKey == newKey {
                // Filed as it was; what it counts for the rules may still have changed.
                syncRuleCounts(id, parent: parent, isLeaf: isLeaf, limits: limits, wasFiled: oldKey != nil)
                return
            }
            if let k = oldKey {
                index.candidates[parent]?.remove(k)
                if index.candidates[parent]?.isEmpty == true { index.candidates[parent] = nil }
            }
            if let k = newKey { index.candidates[parent, default: SortedChunkSet()].insert(k) }
            index.filedKey[id] = newKey
            syncRuleCounts(id, parent: parent, isLeaf: isLeaf, limits: limits, wasFiled: oldKey != nil)
            guard (oldKey == nil) != (newKey == nil) else { return }
            id = parent
        }
    }

    /// Takes `id` out of its parent's candidate set (before it is moved or removed).
    mutating func unfile(_ id: JobID) {
        defer { refreshFloors(from: id) }
        guard let key = index.filedKey[id] else { return }
        index.filedKey.remove(id)
        guard let job = state.jobs[id], let parent = job.parent else { return }
        index.candidates[parent]?.remove(key)
        if index.candidates[parent]?.isEmpty == true { index.candidates[parent] = nil }
        syncRuleCounts(job, wasFiled: true)
    }

    mutating func refreshDependents(of id: JobID) {
        guard let list = index.dependents[id] else { return }
        for d in list { refreshAvailability(d) }
    }

    // MARK: aggregates

    /// Adds a child's tally change to every ancestor from `parentID` up to the root,
    /// re-deriving group states on the way (reference 3.9).
    mutating func propagate(from parentID: JobID?, delta: Tally, direct: Tally, now: Double) {
        guard !delta.isZero || !direct.isZero else { return }
        var current = parentID
        var first = true
        let decreaseAfter = settings.decreasePriorityAfter, notifyAfter = settings.notifyAfter
        while let id = current {
            // Changed in place: a copy of a group would copy its child list.
            guard let (stateBefore, reachedNotify, parent) = state.jobs.update(id, { job -> (JobState, Bool, JobID?) in
                let stateBefore = job.state
                var reachedNotify = false
                job.tally = job.tally + delta
                if first {
                    let errorsBefore = job.directErrors, finishedBefore = job.directFinished
                    job.directFinished += direct.finished
                    job.directErrors += direct.errors
                    job.directWorking += direct.working
                    if decreaseAfter > 0 && errorsBefore < decreaseAfter && job.directErrors >= decreaseAfter {
                        job.priority = max(0, job.priority - 1)
                    }
                    reachedNotify = notifyAfter > 0 && finishedBefore < notifyAfter && job.directFinished >= notifyAfter
                }
                if !job.isLeaf && job.state != .paused {
                    job.state = job.tally.derivedState
                }
                return (stateBefore, reachedNotify, job.parent)
            }) else { return }
            if reachedNotify || state.jobs.withRow(id, { $0.state != stateBefore }) == true {
                let job = state.jobs[id]!
                if reachedNotify { notify(job, "The job \(job.title) (\(job.id)) has finished \(notifyAfter) jobs.") }
                if job.state != stateBefore { groupStateChanged(from: stateBefore, to: job) }
            }
            refreshAvailability(id)
            first = false
            current = parent
        }
    }

    /// Notifications and dependency re-checks for a group whose state changed.
    mutating func groupStateChanged(from old: JobState, to job: Job) {
        if job.state == .finished { notify(job, "The job \(job.title) (\(job.id)) is FINISHED.") }
        if job.state == .error { notify(job, "ERRORS in job \(job.title) (\(job.id)).") }
        if (old == .finished) != (job.state == .finished) { refreshDependents(of: job.id) }
    }

    mutating func notify(_ job: Job, _ text: String) {
        guard !job.user.isEmpty, job.id != 0 else { return }
        effects.append(.notify(to: job.user, text: text))
    }

    /// Stores a changed job and keeps everything derived in step: ancestors' tallies,
    /// dependents, the candidate index, the liveness table and the worker's activity.
    mutating func commit(_ before: Job, _ after: Job, now: Double) {
        let id = after.id
        state.jobs[id] = after
        touch()
        propagate(from: after.parent,
                  delta: after.contribution - before.contribution,
                  direct: after.directContribution - before.directContribution, now: now)
        if (before.state == .finished) != (after.state == .finished) { refreshDependents(of: id) }
        refreshAvailability(id)
        if after.isLeaf && after.state == .working {
            var entry = Liveness.RunningJob(worker: after.worker, ping: after.pingTime, start: after.startTime, timeOut: after.timeOut)
            if before.state == .working, let old = live.jobs[id] {
                entry.lastChange = old.lastChange
                entry.stallTimeout = old.stallTimeout
                entry.outputEnd = old.outputEnd
            } else {
                entry.lastChange = after.startTime
                entry.stallTimeout = inheritedStallTimeout(of: id)
            }
            live.jobs[id] = entry
            live.noteDeadline(entry.ping + settings.timeout)
            if entry.timeOut > 0 { live.noteDeadline(entry.start + Double(entry.timeOut)) }
            if entry.stallTimeout > 0 { live.noteDeadline(entry.lastChange + Double(entry.stallTimeout)) }
        } else if before.state == .working {
            live.jobs[id] = nil
            releaseLimits(of: id)
        }
    }

    /// Moves a leaf to `newState` through the one path that fixes its run duration, lowers
    /// its priority on error, closes the run's activity and notifies.
    mutating func setLeafState(_ id: JobID, _ newState: JobState, now: Double, edit: (inout Job) -> Void = { _ in }) {
        guard let before = state.jobs[id] else { return }
        var job = before
        if before.isLeaf && before.state == .working && newState != .working {
            job.duration = max(0, now - before.startTime)
            job.outputAcknowledged = 0
            closeActivity(of: before, as: newState, now: now)
        }
        job.state = newState
        if before.isLeaf && newState == .error && before.state != .error {
            job.priority = max(0, job.priority - 1)
        }
        edit(&job)
        commit(before, job, now: now)
        if before.isLeaf && newState != before.state {
            if newState == .error { notify(job, "ERRORS in job \(job.title) (\(job.id)).") }
            if newState == .finished { notify(job, "The job \(job.title) (\(job.id)) is FINISHED.") }
        }
    }

    /// Ends the activity of the run `job` is in, if its worker's current activity is that run.
    mutating func closeActivity(of job: Job, as newState: JobState, now: Double) {
        guard let worker = state.workers[job.worker], worker.currentActivity >= 0,
              var activity = state.activities[worker.currentActivity], activity.jobID == job.id,
              activity.state == .working else { return }
        activity.state = newState
        activity.duration = max(0, now - activity.start)
        state.activities[activity.id] = activity
    }
}
