/// One hand-out of a job to a worker (reference 2.4).
public struct Activity: Sendable, Equatable {
    public var id: Int
    public var worker: String
    public var jobID: JobID
    public var jobTitle: String
    /// WORKING while the run lasts, then the state the run ended in.
    public var state: JobState
    public var start: Double
    /// Fixed when the run ends; a running activity's is computed from the clock.
    public var duration: Double

    public init(id: Int, worker: String, jobID: JobID, jobTitle: String, state: JobState, start: Double, duration: Double) {
        self.id = id
        self.worker = worker
        self.jobID = jobID
        self.jobTitle = jobTitle
        self.state = state
        self.start = start
        self.duration = duration
    }

    /// The Duration column at time `now`.
    public func displayDuration(now: Double) -> Double {
        state == .working ? max(0, now - start) : duration
    }
}
