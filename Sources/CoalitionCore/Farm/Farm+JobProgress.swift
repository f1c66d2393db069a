extension Farm {
    /// The longest status a job may post; longer texts are cut (a status is a word or a
    /// line for the UI, not a log).
    public static let maximumStatusLength = 200

    /// The activity id of a job's current run: the job is a WORKING leaf and its worker's
    /// current activity is a run of it. Nil otherwise (never run, ended, or taken back).
    public func currentRun(of id: JobID) -> Int? {
        guard let job = state.jobs[id], job.isLeaf, job.state == .working,
              let worker = state.workers[job.worker], worker.lastJob == id,
              let activity = state.activities[worker.currentActivity], activity.jobID == id else { return nil }
        return activity.id
    }

    /// Sets a running job's local progress (clamped to 0...1) and status, if `activity` is
    /// still its current run. Returns whether it was.
    mutating func reportProgress(job id: JobID, activity: Int, progress: Double, status: String?) -> Bool {
        guard currentRun(of: id) == activity, var job = state.jobs[id] else { return false }
        let value = progress.isFinite ? min(max(progress, 0), 1) : 0
        let text = status.map { String($0.prefix(Self.maximumStatusLength)) }
        if job.localProgress != value || (text != nil && job.status != text) {
            job.localProgress = value
            if let text { job.status = text }
            state.jobs[id] = job
            touch()
        }
        return true
    }
}
