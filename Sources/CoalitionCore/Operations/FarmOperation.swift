/// One state change of the farm, with the time it happened. Applying the same operations
/// to the same state always gives the same state: every input is in the value, and every
/// decision the farm makes on its own (which job a pick takes, what the timeout pass
/// expires) is recorded in the operation the farm hands back for the journal.
public struct FarmOperation: Sendable, Equatable {
    /// Seconds since the epoch, the farm's clock for this change.
    public var time: Double
    public var change: FarmChange

    public init(time: Double, change: FarmChange) {
        self.time = time
        self.change = change
    }
}

/// Every kind of state change the farm knows.
public enum FarmChange: Sendable, Equatable {
    // MARK: jobs (the user API)

    /// Adds a job. Live, `parent` may be any reference addjob accepts; the recorded
    /// operation names the resolved parent id and the id the job received.
    case addJob(NewJob, parent: ParentReference, requester: String, id: JobID?)
    /// Adds a group and its children in one step, all or nothing (a render submission:
    /// the group named after the file, one child per chunk). The white list applies to
    /// every non-empty command; a group without a command is not refused for it. The
    /// recorded operation names the resolved parent id and the group's id (the children
    /// take the ids that follow, in order).
    case addJobTree(NewJob, children: [NewJob], parent: ParentReference, requester: String, id: JobID?)
    case pauseJobs([JobID])
    case startJobs([JobID])
    case resetJobs([JobID])
    case resetErrorJobs([JobID])
    case moveJobs([JobID], to: JobID)
    case removeJobs([JobID])
    /// Removes every child of a job (XML-RPC `clearjobs`).
    case removeChildren(of: JobID)
    /// Sets properties, in order, on each job. The recorded operation lists only the
    /// pairs that applied (a refused command is left out).
    case updateJobs([JobID], [JobProperty])

    // MARK: workers (the user API)

    case stopWorkers([String])
    case startWorkers([String])
    case removeWorkers([String])
    /// Removes every worker (XML-RPC `clearworkers`); recorded as `removeWorkers`.
    case removeAllWorkers
    case updateWorkers([String], [JobProperty])

    // MARK: scheduling rules (docs/scheduling.md)

    /// Sets the maximum of a named limit (a negative maximum or an empty name changes nothing).
    case setLimit(name: String, max: Int)
    /// Forgets the failures charged to workers on each job and its descendants.
    case clearBlocklist([JobID])

    // MARK: the worker protocol

    /// A worker asks for work. `choice` is nil live (the scheduler chooses); the recorded
    /// operation carries the job it received, or `.nothing`.
    case pickJob(WorkerReport, choice: PickChoice?)
    /// A worker reports on its job. Live, `log` is the output chunk and `progress` nil;
    /// the recorded operation carries the progress values the chunk produced, not the text.
    /// `logOffset` is where the chunk starts in the output of the job's current run, from a
    /// worker that numbers its output (nil from others: the chunk is appended whole); the
    /// recorded operation keeps it, so replay knows how much output the worker had had
    /// acknowledged.
    case heartbeat(WorkerReport, job: JobID?, log: [UInt8], progress: ProgressValues?, logOffset: Int? = nil)
    case endJob(WorkerReport, job: JobID?, exitCode: Int?)
    /// A worker gives its job back (its host's user came back): WAITING again, without
    /// counting an error or a try.
    case requeueJob(WorkerReport, job: JobID?, reason: String)
    /// A process inside a job reports its progress (0 to 1) and an optional short status
    /// (`/json/jobprogress`). Applies only while `activity` is the job's current run; the
    /// caller has checked the run's token.
    case reportProgress(job: JobID, activity: Int, progress: Double, status: String?)

    // MARK: the clock

    /// The timeout pass (reference 3.1). Recorded as `expire` with what it decided.
    case timeoutPass
    /// Runs that timed out and workers that went silent, as the timeout pass decided.
    case expire([Expiry])
    /// Drops every activity whose id is at most this one (bounded history, decided by
    /// the timeout pass from `activitydays` and `activitymax`).
    case dropActivities(through: Int)
}

/// How addjob names its parent.
public enum ParentReference: Sendable, Equatable {
    /// A decimal id, a `|` path of titles or a title (reference 5.1).
    case reference(String)
    case id(JobID)
}

/// One `prop=value` pair of updatejobs/updateworkers.
public struct JobProperty: Sendable, Equatable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// What a recorded pick handed out.
public enum PickChoice: Sendable, Equatable {
    case job(JobID)
    case nothing
}

/// A job's progress values after a heartbeat.
public struct ProgressValues: Sendable, Equatable {
    public var local: Double?
    public var global: Double?

    public init(local: Double?, global: Double?) {
        self.local = local
        self.global = global
    }
}

/// One decision of the timeout pass.
public enum Expiry: Sendable, Equatable {
    /// A running job whose worker stopped heartbeating.
    case silentRun(JobID, worker: String)
    /// A running job that exceeded its TimeOut.
    case overtime(JobID, worker: String)
    /// A worker that has not called for `timeout` seconds.
    case silentWorker(String)
    /// A running job whose progress and output did not change for its stall timeout.
    case stalled(JobID, worker: String)
}
