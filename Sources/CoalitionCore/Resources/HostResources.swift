/// What a host running our worker reports with each pickjob: what its running jobs leave
/// free and its whole capacity. Absent from v3 workers.
public struct HostResources: Sendable, Equatable {
    public var free: Resources
    public var capacity: Resources

    public init(free: Resources, capacity: Resources) {
        self.free = free
        self.capacity = capacity
    }
}
