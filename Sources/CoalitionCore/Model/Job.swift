/// Job identifiers: root is 0, the first user job 1; never reused.
public typealias JobID = Int

/// One node of the job tree (reference 2.2). A job with children is a group: its
/// command never runs and its state is derived from its leaves unless it is paused.
public struct Job: Sendable, Equatable {
    public var id: JobID
    /// Parent id; nil only for the root.
    public var parent: JobID?
    /// Child ids in hand-out tie-break order (append order on add and move).
    public var children: [JobID] = []
    public var title: String
    public var command: String
    public var dir: String
    /// Environment overrides, entries separated by the two characters `\` `n`; nil = none.
    public var environment: String?
    public var state: JobState = .waiting
    public var worker: String = ""
    public var startTime: Double
    /// Leaf: duration of the last finished run (a running leaf's is computed from the clock).
    public var duration: Double = 0
    public var pingTime: Double
    public var tryCount: Int = 0
    public var retry: Int
    public var timeOut: Int
    public var priority: Int
    public var affinity: String
    public var user: String
    public var dependencies: [JobID]
    public var url: String
    /// Present only when given at add time (an empty pattern disables the default).
    public var localProgressPattern: String?
    public var globalProgressPattern: String?
    public var localProgress: Double?
    public var globalProgress: Double?
    /// A short text the job's own process posted with its progress (`/json/jobprogress`);
    /// nil until one is posted in the current run. Not a v3 column.
    public var status: String?
    /// Output of the current run that its worker has had acknowledged: the furthest offset
    /// at which a heartbeat chunk of this run started, in the worker's numbering of the
    /// run's output (`logOffset`, docs/worker.md). A worker sends an offset only once
    /// everything before it was answered, so every byte before it is in the log. 0 outside
    /// a run; heartbeats without an offset leave it alone. Not a v3 column.
    public var outputAcknowledged = 0
    /// Direct leaf children by state (Finished, Errors, Working).
    public var directFinished = 0
    public var directErrors = 0
    public var directWorking = 0
    /// All descendant leaves (Total, TotalFinished, TotalErrors, TotalWorking, mean Duration).
    public var tally = Tally()
    /// Position among siblings: increases with every append, so it orders children like the list.
    public var seq: Int = 0
    /// Cores, memory and GPUs asked for every leaf of this subtree (none by default).
    public var request: ResourceRequest = .unset
    /// Blocklist, limits and stall rules (all off by default).
    public var rules = SchedulingRules()

    /// A job with the defaults of `/json/addjob`.
    public init(id: JobID, parent: JobID?, title: String = "New job", command: String = "", dir: String = ".",
                environment: String? = nil, priority: Int = 1000, retry: Int = 10, timeOut: Int = 0,
                affinity: String = "", user: String = "", dependencies: [JobID] = [], url: String = "",
                localProgressPattern: String? = nil, globalProgressPattern: String? = nil, now: Double) {
        self.id = id
        self.parent = parent
        self.title = title
        self.command = command
        self.dir = dir
        self.environment = environment
        self.priority = priority
        self.retry = retry
        self.timeOut = timeOut
        self.affinity = affinity
        self.user = user
        self.dependencies = dependencies
        self.url = url
        self.localProgressPattern = localProgressPattern
        self.globalProgressPattern = globalProgressPattern
        self.startTime = now
        self.pingTime = now
    }

    /// A job without children.
    public var isLeaf: Bool { children.isEmpty }

    /// What this job adds to its ancestors' tallies.
    var contribution: Tally {
        isLeaf ? Tally(leafIn: state, duration: duration, startTime: startTime) : tally
    }

    /// What this job adds to its parent's direct counts (leaves only).
    var directContribution: Tally {
        isLeaf ? Tally(leafIn: state, duration: duration, startTime: startTime) : .zero
    }

    /// The Duration column at time `now`.
    public func displayDuration(now: Double) -> Double {
        if !isLeaf { return tally.meanDuration(now: now) }
        return state == .working ? max(0, now - startTime) : duration
    }
}
