/// The attributes of a job to add, with the defaults of `/json/addjob` (reference 5.1).
public struct NewJob: Sendable, Equatable {
    public var title = "New job"
    public var command = ""
    public var dir = "."
    public var environment: String?
    public var priority = 1000
    public var retry = 10
    public var timeOut = 0
    public var affinity = ""
    public var dependencies: [JobID] = []
    public var url = ""
    public var user = ""
    public var localProgressPattern: String?
    public var globalProgressPattern: String?
    /// Cores, memory and GPUs asked (none by default).
    public var request: ResourceRequest = .unset
    /// Add the job paused.
    public var paused = false
    /// Blocklist, limits and stall rules.
    public var rules = SchedulingRules()

    public init() {}
}

/// Why an add was refused.
public enum AddJobError: Error, Equatable, Sendable {
    case parentNotFound
    case commandNotAllowed
    /// The job names a limit the farm does not know.
    case unknownLimit(String)
}
