/// One breadcrumb entry of getjobs.
public struct Breadcrumb: Sendable, Equatable {
    public var id: JobID
    public var title: String
}

extension Farm {
    /// The direct children of `id` (root when unknown), optionally only those in `filter`,
    /// and the breadcrumb from the root down to the shown job (reference 5.2).
    public func children(of id: JobID, filter: String?) -> (jobs: [Job], parents: [Breadcrumb]) {
        let shown = state.jobs.contains(id) ? id : 0
        let group = state.jobs[shown]!
        var rows: [Job] = []
        rows.reserveCapacity(group.children.count)
        for c in group.children {
            guard let child = state.jobs[c] else { continue }
            if let f = filter, !f.isEmpty, child.state.rawValue != f { continue }
            rows.append(child)
        }
        return (rows, breadcrumb(to: shown))
    }

    /// Root first, ending with `id`.
    public func breadcrumb(to id: JobID) -> [Breadcrumb] {
        var trail: [Breadcrumb] = []
        var cursor: JobID? = id
        while let c = cursor, let job = state.jobs[c] {
            trail.append(Breadcrumb(id: c, title: job.title))
            cursor = job.parent
            if trail.count > state.jobs.count { break }
        }
        return trail.reversed()
    }

    /// Workers sorted by name.
    public func workerList() -> [Worker] {
        state.workers.values.sorted { $0.name < $1.name }
    }

    /// Activities sorted by id, filtered as getactivities does (reference 5.4).
    public func activityList(job: JobID?, worker: String?, within seconds: Double?, now: Double) -> [Activity] {
        var out: [Activity] = []
        for a in state.activities.values {
            if let j = job, a.jobID != j { continue }
            if let w = worker, !w.isEmpty, a.worker != w { continue }
            if let s = seconds, !(now - a.start < s) { continue }
            out.append(a)
        }
        // The history iterates in id order.
        return out
    }
}
