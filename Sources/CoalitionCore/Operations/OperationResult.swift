/// The answer of an operation to its caller.
public enum OperationResult: Sendable, Equatable {
    case done
    /// addjob: the new id, or why it was refused.
    case added(Result<JobID, AddJobError>)
    /// pickjob: the job handed out, if any.
    case assigned(Assignment?)
    /// heartbeat: whether the worker should keep running the job.
    case keepRunning(Bool)
    /// reportProgress: whether the run was still current (and the progress applied).
    case accepted(Bool)

    /// The new job id, -1 when refused (the v3 answer).
    public var addedID: JobID {
        if case .added(.success(let id)) = self { return id }
        return -1
    }

    public var assignment: Assignment? {
        if case .assigned(let a) = self { return a }
        return nil
    }

    public var keepsRunning: Bool {
        if case .keepRunning(let keep) = self { return keep }
        return false
    }
}

/// A recorded operation that does not fit the state it is replayed on: the journal
/// does not belong to this snapshot.
public struct ReplayMismatch: Error, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) { self.description = description }
}
