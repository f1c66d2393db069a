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

    public init() {}
}
