/// What the timeout pass needs, kept apart from the tree so the pass is a walk over a
/// small dense table instead of the whole farm, and usually not even that: `earliest`
/// is a lower bound of every deadline, and the pass is skipped until the clock reaches it.
struct Liveness: Sendable {
    struct RunningJob: Sendable {
        var worker: String
        var ping: Double
        var start: Double
        var timeOut: Int
        /// Last change of progress or output (start of the run at first).
        var lastChange: Double = 0
        /// Stall timeout of the run in seconds; 0 = off.
        var stallTimeout = 0
        /// End of the run's output this process has taken into the log (heartbeats with
        /// `logOffset`): a chunk sent again from before it is cut there. Not durable: the
        /// log text is appended after its record is, so a restarted server counts from
        /// `Job.outputAcknowledged` and takes again a chunk whose answer never left.
        var outputEnd = 0
    }

    /// Leaves in WORKING.
    var jobs: [JobID: RunningJob] = [:]
    /// Last contact of workers not in TIMEOUT.
    var workers: [String: Double] = [:]
    /// No deadline falls before this time.
    var earliest = Double.infinity
    /// The smallest activity id held (`nextActivityID` when none): ids only grow, so the
    /// history is trimmed by walking forward from here.
    var oldestActivity = 0

    mutating func noteDeadline(_ t: Double) {
        if t < earliest { earliest = t }
    }
}
