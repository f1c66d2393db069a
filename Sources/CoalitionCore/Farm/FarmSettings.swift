/// The `[server]` settings the model itself needs.
public struct FarmSettings: Sendable {
    /// Heartbeat timeout in seconds, for jobs and workers.
    public var timeout: Double = 60
    /// Lower a group's priority when its direct error leaves reach this count; 0 = never.
    public var decreasePriorityAfter = 10
    /// Notify when a group's direct finished leaves reach this count; 0 = never.
    public var notifyAfter = 10
    /// Command white lists.
    public var whitelist = CommandWhitelist()
    /// In LDAP mode the job's User comes from the login and `updatejobs` cannot change it.
    public var ldapMode = false
    /// Farm default of the per-job `maxworkererrors` (0 = no blocklists).
    public var maxWorkerErrors = 0
    /// Consecutive failures of different jobs that make a worker sick (0 = never).
    public var sickAfter = 0
    /// Seconds a sick worker gets no work.
    public var sickTime = 600.0
    /// The `[limits]` section: name and maximum.
    public var limits: [String: Int] = [:]
    /// Activities that started more than this many days ago are dropped; 0 = kept forever.
    public var activityDays: Double = 30
    /// At most this many activities are kept, the oldest dropped first; 0 = no limit.
    public var activityMax = 1_000_000

    public init() {}
}
