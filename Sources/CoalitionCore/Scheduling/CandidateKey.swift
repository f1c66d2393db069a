/// Where a runnable child stands among its siblings: higher Priority first, then fewer
/// TotalWorking+TotalFinished, then earlier in the parent's child list (reference 3.3).
public struct CandidateKey: Comparable, Hashable, Sendable, IDTableRow {
    public var priority: Int
    public var load: Int
    public var seq: Int
    public var id: JobID

    public static func < (a: CandidateKey, b: CandidateKey) -> Bool {
        if a.priority != b.priority { return a.priority > b.priority }
        if a.load != b.load { return a.load < b.load }
        if a.seq != b.seq { return a.seq < b.seq }
        return a.id < b.id
    }
}

extension CandidateKey {
    /// An empty slot of the filed-key table (`SchedulerIndex.filedKey`).
    public static let vacantRow = CandidateKey(priority: 0, load: 0, seq: 0, id: -1)
}
