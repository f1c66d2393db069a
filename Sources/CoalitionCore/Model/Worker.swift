/// A worker slot (reference 2.3), created the first time its name contacts `/workers/*`.
public struct Worker: Sendable, Equatable {
    public var name: String
    public var ip: String = ""
    public var affinity: String = ""
    public var state: WorkerState = .waiting
    public var pingTime: Double
    public var finished = 0
    public var error = 0
    public var lastJob: JobID = -1
    public var currentActivity = -1
    /// Last reported CPU usage list, percent.
    public var load: [Double] = []
    public var freeMemory = 0
    public var totalMemory = 0
    public var active = true
    /// The host's capacity, as its last pickjob reported (nil for v3 workers).
    public var capacity: Resources?
    /// Why the host's user has priority, while the worker reports NIMBY.
    public var nimbyReason: String?
    /// Failure streak and sickness (docs/scheduling.md).
    public var health = WorkerHealth()

    /// The State column: `SICK` while sick and idle, else the stored state.
    public func displayState(now: Double) -> String {
        if health.sickUntil > now && state == .waiting { return "SICK" }
        return state.rawValue
    }

    public init(name: String, now: Double) {
        self.name = name
        self.pingTime = now
    }
}
