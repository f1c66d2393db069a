import HashTreeCollections

/// Everything the server persists. The job store and the persistent hash trees make a
/// copy cheap and keep later mutations cheap while a snapshot of the copy is being written.
public struct FarmState: Sendable {
    public var jobs: JobStore
    public var workers: TreeDictionary<String, Worker>
    public var activities: ActivityStore
    /// Next job id (root took 0).
    public var nextJobID: JobID
    public var nextActivityID: Int
    /// Maxima of limits set at run time (`setlimit`); they override the `[limits]` section.
    public var limitMaxima: TreeDictionary<String, Int> = [:]
    /// The limit units each running leaf holds.
    public var heldLimits: TreeDictionary<JobID, [String]> = [:]
    /// Per leaf, the workers that failed it (only leaves with failures are present).
    public var blocklists: TreeDictionary<JobID, [BlockEntry]> = [:]

    /// A farm with only the root job.
    public init(now: Double) {
        var root = Job(id: 0, parent: nil, title: "Root", now: now)
        root.priority = 1
        jobs = [0: root]
        workers = [:]
        activities = [:]
        nextJobID = 1
        nextActivityID = 0
    }

    public init(jobs: JobStore, workers: TreeDictionary<String, Worker>,
                activities: ActivityStore, nextJobID: JobID, nextActivityID: Int) {
        self.jobs = jobs
        self.workers = workers
        self.activities = activities
        self.nextJobID = nextJobID
        self.nextActivityID = nextActivityID
    }
}
