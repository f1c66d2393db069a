/// A job's state (reference 2.5). Raw values are the wire names.
public enum JobState: String, Sendable, CaseIterable {
    case waiting = "WAITING"
    case working = "WORKING"
    case paused = "PAUSED"
    case finished = "FINISHED"
    case error = "ERROR"
}

/// A worker's state (reference 2.6).
public enum WorkerState: String, Sendable, CaseIterable {
    case waiting = "WAITING"
    case working = "WORKING"
    case timeout = "TIMEOUT"
    /// The host's user has priority (only for workers that report it).
    case nimby = "NIMBY"
}
