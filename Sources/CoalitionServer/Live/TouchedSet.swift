import CoalitionCore

/// What a batch of farm operation records touched, as the change stream names it: the
/// jobs with their ancestors (a group row shows its children's totals), the workers, and
/// whether the farm's counts by state may have moved.
///
/// Computed under the farm's lock for every change, so it walks ancestor chains only,
/// never a subtree: a chain stops at the first job already named.
struct TouchedSet: Sendable, Equatable {
    var jobs = Set<JobID>()
    var workers = Set<String>()
    var totals = false

    init() {}

    /// What `records` touched, read in `farm` as it is after them; `detached` are the
    /// jobs whose link to the tree the records cut (see `detached(by:in:)`), named with
    /// what is left of their ancestor chains.
    init(records: [FarmOperation], in farm: borrowing Farm, detached: [JobID] = []) {
        for id in detached { nameJob(id, in: farm) }
        for record in records { add(record.change, in: farm) }
    }

    /// Jobs a change is about to take out of sight of its record: the old parents of moved
    /// and removed jobs, and the run a stopped or restarting worker leaves. Read in `farm`
    /// as it is before the change (the farm after it no longer tells).
    static func detached(by change: FarmChange, in farm: borrowing Farm) -> [JobID] {
        switch change {
        case .moveJobs(let ids, _), .removeJobs(let ids):
            return ids.compactMap { farm.job($0)?.parent }
        case .pickJob(let report, _):
            return heldRun(of: report.name, in: farm).map { [$0] } ?? []
        case .stopWorkers(let names):
            return names.compactMap { heldRun(of: $0, in: farm) }
        default:
            return []
        }
    }

    /// The job a worker is running, if any.
    private static func heldRun(of name: String, in farm: borrowing Farm) -> JobID? {
        guard let worker = farm.worker(name), let job = farm.job(worker.lastJob),
              job.state == .working, job.worker == name else { return nil }
        return job.id
    }

    private mutating func add(_ change: FarmChange, in farm: borrowing Farm) {
        switch change {
        case .addJob(_, let parent, _, let id):
            // The record carries the new id; its chain is the parent's.
            if let id { nameJob(id, in: farm) } else if case .id(let p) = parent { nameJob(p, in: farm) }
            totals = true
        case .pauseJobs(let ids), .startJobs(let ids), .resetJobs(let ids), .resetErrorJobs(let ids),
             .removeJobs(let ids):
            for id in ids { nameJob(id, in: farm) }
            totals = true
        case .moveJobs(let ids, let dest):
            for id in ids { nameJob(id, in: farm) }
            nameJob(dest, in: farm)
            totals = true
        case .removeChildren(let parent):
            nameJob(parent, in: farm)
            totals = true
        case .updateJobs(let ids, _):
            // Properties only: no state, so no count, moves.
            for id in ids { nameJob(id, in: farm) }
        case .stopWorkers(let names), .startWorkers(let names), .removeWorkers(let names):
            workers.formUnion(names)
            totals = true
        case .removeAllWorkers, .timeoutPass:
            // Never recorded as such (they become removeWorkers and expire).
            totals = true
        case .updateWorkers(let names, _):
            workers.formUnion(names)
        case .setLimit:
            totals = true
        case .addJobTree(_, _, let parent, _, let id):
            // The new group's id is in the record; its children follow it.
            if let id { nameJob(id, in: farm) } else if case .id(let p) = parent { nameJob(p, in: farm) }
            totals = true
        case .reportProgress(let job, _, _, _):
            nameJob(job, in: farm)
        case .dropActivities:
            break
        case .clearBlocklist(let ids):
            for id in ids { nameJob(id, in: farm) }
        case .pickJob(let report, let choice):
            workers.insert(report.name)
            if case .job(let id)? = choice { nameJob(id, in: farm) }
            totals = true
        case .heartbeat(let report, let job, _, let progress, _):
            workers.insert(report.name)
            // The farm records progress only for a run the worker owns.
            if let job, progress != nil { nameJob(job, in: farm) }
            totals = true
        case .endJob(let report, let job, _):
            workers.insert(report.name)
            if let job, farm.job(job)?.worker == report.name { nameJob(job, in: farm) }
            totals = true
        case .requeueJob(let report, let job, _):
            workers.insert(report.name)
            if let job, farm.job(job) != nil { nameJob(job, in: farm) }
            totals = true
        case .expire(let expiries):
            for expiry in expiries {
                switch expiry {
                case .silentRun(let id, let worker), .overtime(let id, let worker), .stalled(let id, let worker):
                    nameJob(id, in: farm)
                    workers.insert(worker)
                case .silentWorker(let worker):
                    workers.insert(worker)
                }
            }
            totals = true
        }
    }

    /// Names a job and its ancestors.
    private mutating func nameJob(_ id: JobID, in farm: borrowing Farm) {
        var next: JobID? = id
        while let current = next, jobs.insert(current).inserted {
            next = farm.job(current)?.parent
        }
    }
}
