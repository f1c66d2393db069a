/// NIMBY reports and requeues: a desktop whose user came back.
extension Farm {
    /// Keeps the worker's NIMBY reason and capacity as its latest request reported them;
    /// a change is durable state, so it marks the farm changed.
    mutating func noteHostReport(_ report: WorkerReport) {
        guard var worker = state.workers[report.name] else { return }
        var changed = false
        if worker.nimbyReason != report.nimby {
            worker.nimbyReason = report.nimby
            changed = true
        }
        if let capacity = report.resources?.capacity, worker.capacity != capacity {
            worker.capacity = capacity
            changed = true
        }
        guard changed else { return }
        state.workers[report.name] = worker
        touch()
    }

    /// Gives a running job back to WAITING without counting an error or a try: its
    /// worker's user needed the machine. Ignored unless the job runs for this worker.
    mutating func requeueJob(_ report: WorkerReport, jobID: JobID?, now: Double) {
        _ = contact(report, now: now)
        guard let id = jobID, let job = state.jobs[id], job.isLeaf,
              job.state == .working, job.worker == report.name else { return }
        setLeafState(id, .waiting, now: now) { job in
            job.tryCount = max(0, job.tryCount - 1)
        }
        setWorkerState(report.name, report.nimby != nil ? .nimby : .waiting, now: now)
    }
}
