/// Per-job bad-worker blocklists and sick workers: a failure is charged to the pair
/// (leaf, worker) and to the worker's streak.
extension Farm {
    /// Whether `worker` is kept away from leaf `id` at `now`.
    public func isBlocked(_ id: JobID, for worker: String, now: Double) -> Bool {
        guard let list = state.blocklists[id] else { return false }
        return list.contains { $0.worker == worker && $0.blocks(at: now) }
    }

    /// The blocklist of a leaf (workers that failed it, their errors and until when).
    public func blocklist(of id: JobID) -> [BlockEntry] { state.blocklists[id] ?? [] }

    /// How many workers are kept away from leaf `id` at `now`.
    public func blockedWorkerCount(of id: JobID, now: Double) -> Int {
        (state.blocklists[id] ?? []).reduce(0) { $0 + ($1.blocks(at: now) ? 1 : 0) }
    }

    /// Charges a failed run of leaf `id` to `worker`.
    mutating func noteFailure(of id: JobID, by worker: String, now: Double) {
        let threshold = inheritedMaxWorkerErrors(of: id)
        if threshold > 0 {
            var list = state.blocklists[id] ?? []
            var entry = list.first { $0.worker == worker } ?? BlockEntry(worker: worker, errors: 0, until: 0)
            if entry.until != 0 && !entry.blocks(at: now) { entry = BlockEntry(worker: worker, errors: 0, until: 0) }
            entry.errors += 1
            if entry.errors >= threshold && entry.until == 0 {
                let forgive = inheritedForgiveTime(of: id)
                entry.until = forgive > 0 ? now + Double(forgive) : .infinity
                scheduleBlockExpiry(id, worker: worker, until: entry.until)
                effects.append(.appendLog(id, Array("SERVER: worker \(worker) failed this job \(entry.errors) times, not given it again\(forgive > 0 ? " for \(forgive) s" : "").\n".utf8)))
            }
            list.removeAll { $0.worker == worker }
            list.append(entry)
            state.blocklists[id] = list
            syncBlocks(id, now: now)
            touch()
        }
        noteWorkerFailure(worker, job: id, now: now)
    }

    /// Forgets the failures charged on the leaves of `ids` (reset, reseterrors, clearblocklist).
    mutating func clearBlocklist(_ id: JobID) {
        guard state.blocklists[id] != nil else { return }
        state.blocklists[id] = nil
        syncBlocks(id, now: 0)  // no entry is left: the time does not matter
        touch()
    }

    private mutating func noteWorkerFailure(_ name: String, job: JobID, now: Double) {
        guard settings.sickAfter > 0, var worker = state.workers[name] else { return }
        if worker.health.lastFailedJob != job { worker.health.failureStreak += 1 }
        worker.health.lastFailedJob = job
        if worker.health.failureStreak >= settings.sickAfter && worker.health.sickUntil <= now {
            worker.health.sickUntil = now + settings.sickTime
            worker.health.failureStreak = 0
            effects.append(.event("worker \(name) is SICK for \(Int(settings.sickTime)) s: \(settings.sickAfter) consecutive failures of different jobs"))
        }
        state.workers[name] = worker
        touch()
    }

    /// A finished run or a start by hand makes a worker healthy again.
    mutating func healWorker(_ name: String) {
        guard var worker = state.workers[name], worker.health != WorkerHealth() else { return }
        worker.health = WorkerHealth()
        state.workers[name] = worker
        touch()
    }
}
