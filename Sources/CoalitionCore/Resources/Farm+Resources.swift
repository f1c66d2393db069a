/// Resource reservation: what a job asks, what a host has free, and why a job waits.
///
/// A job's request applies to its whole subtree, the way affinity words do: a leaf asks,
/// for each figure, the largest value set on it or on any ancestor. So the figure
/// accumulated while the scheduler descends is a floor for every leaf below, and a
/// subtree whose floor exceeds what the host has free is skipped without being walked.
extension Farm {
    /// The floor of `job`'s subtree, given the floor of its parent.
    func resourceFloor(of job: Job, under parentFloor: Resources) -> Resources {
        job.request.isEmpty ? parentFloor : parentFloor.atLeast(job.request.amounts)
    }

    /// What a job reserves when it runs: the largest figures asked along its path.
    public func effectiveRequest(of id: JobID) -> Resources {
        var floor = Resources.zero
        var current: JobID? = id
        while let c = current, let job = state.jobs[c] {
            if !job.request.isEmpty { floor = floor.atLeast(job.request.amounts) }
            current = job.parent
        }
        return floor
    }

    /// Whether some leaf of `job`'s subtree could run on a host that reported `free`:
    /// `pathFloor` (what the job and its ancestors ask) and the least its available
    /// leaves ask must both fit. v3 workers report nothing and take any job, one per
    /// slot, as before.
    func subtreeFits(_ job: Job, under pathFloor: Resources, free: Resources?) -> Bool {
        guard let free else { return true }
        let below = index.floors.filed[job.id] ?? .zero
        return pathFloor.atLeast(below).fits(in: free)
    }

    /// Why each of `ids` cannot run anywhere, or nil: a job asking more than every
    /// worker that reported its capacity has. Workers of v3 report none and do not count.
    public func waitReasons(_ ids: [JobID]) -> [String?] {
        var capacities = Set<Resources>()
        for worker in state.workers.values {
            if let c = worker.capacity { capacities.insert(c) }
        }
        guard !capacities.isEmpty else { return ids.map { _ in nil } }
        return ids.map { id in
            guard let job = state.jobs[id], job.state == .waiting || job.state == .error else { return nil }
            let asked = effectiveRequest(of: id)
            guard !asked.isZero, !capacities.contains(where: { asked.fits(in: $0) }) else { return nil }
            let largest = capacities.reduce(Resources.zero) { $0.atLeast($1) }
            return "asks \(asked.reservationText), more than any worker has (largest: \(largest.reservationText))"
        }
    }

    /// Sets one figure of a job's request from an updatejobs value: a count, or empty /
    /// `None` for "not asked". Anything else changes nothing.
    static func updateRequest(_ request: inout ResourceRequest, property: String, value: String) -> Bool {
        let amount: Int?
        if value.isEmpty || value == "None" {
            amount = nil
        } else {
            guard let v = FarmText.integer(value), v >= 0 else { return false }
            amount = v
        }
        switch property {
        case "Cores": request.cores = amount
        case "Memory": request.memory = amount
        case "Gpus": request.gpus = amount
        default: return false
        }
        return true
    }
}
