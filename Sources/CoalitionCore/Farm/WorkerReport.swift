/// What every `/workers/*` request reports about its host (reference 4.1).
public struct WorkerReport: Sendable, Equatable {
    public var name: String
    public var ip: String
    /// nil when the field was absent or not a list of numbers (stored as `[0]`).
    public var load: [Double]?
    /// nil when absent or not an integer (the previous value is kept).
    public var freeMemory: Int?
    public var totalMemory: Int?
    /// Free and total reservable resources (our worker's pickjob only).
    public var resources: HostResources?
    /// Why the host's user has priority, when the worker reports NIMBY.
    public var nimby: String?

    public init(name: String, ip: String = "", load: [Double]? = nil, freeMemory: Int? = nil, totalMemory: Int? = nil,
                resources: HostResources? = nil, nimby: String? = nil) {
        self.resources = resources
        self.nimby = nimby
        self.name = name
        self.ip = ip
        self.load = load
        self.freeMemory = freeMemory
        self.totalMemory = totalMemory
    }
}

/// A job handed to a worker by pickjob.
public struct Assignment: Sendable, Equatable {
    public var id: JobID
    public var command: String
    public var dir: String
    public var user: String
    public var environment: String?
    /// What the job reserves on the host; nil when the pick request reported no resources.
    public var reserved: Resources?
    /// The activity id of this run: what a job token is issued for.
    public var activity: Int = -1
}
