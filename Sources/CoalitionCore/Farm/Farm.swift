/// The farm: the job tree, the workers and the activity history, with every operation
/// of the v3 API. Pure logic: time comes in as a parameter, files and mail go out as
/// `FarmEffect`s, and nothing here blocks.
public struct Farm {
    /// The persisted part; copying it is O(1).
    public internal(set) var state: FarmState
    public var settings: FarmSettings
    var index = SchedulerIndex()
    var live = Liveness()
    var limitUse = LimitUse()
    var effects: [FarmEffect] = []
    var patternCache: [String: ProgressPattern?] = [:]
    /// Incremented by every change; the saver compares it with the last saved value.
    public internal(set) var revision = 0

    /// An empty farm (root only).
    public init(settings: FarmSettings = FarmSettings(), now: Double) {
        self.state = FarmState(now: now)
        self.settings = settings
    }

    /// A farm restored from a snapshot: aggregates and indexes are rebuilt from scratch and
    /// running jobs get one timeout period to resume heartbeating (reference 8).
    public init(restoring saved: consuming FarmState, settings: FarmSettings = FarmSettings(), now: Double) {
        self.state = saved
        self.settings = settings
        rebuild(now: now)
    }

    /// Side effects produced since the last call, in order.
    public mutating func takeEffects() -> [FarmEffect] {
        defer { effects.removeAll(keepingCapacity: true) }
        return effects
    }

    mutating func touch() { revision &+= 1 }

    /// A job by id.
    public func job(_ id: JobID) -> Job? { state.jobs[id] }

    /// A worker by name.
    public func worker(_ name: String) -> Worker? { state.workers[name] }
}
