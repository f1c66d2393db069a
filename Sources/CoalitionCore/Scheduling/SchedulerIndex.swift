/// Derived data that lets a pick skip everything that cannot run. Rebuilt at load,
/// never persisted.
///
/// A job is *available* when it could yield a leaf for some worker: a leaf that is
/// executable (reference 3.2) and has a command, or an executable group with at least one
/// available child. Every group keeps its available children ordered by `CandidateKey`,
/// so a pick descends along the first affinity-compatible candidate at each level.
struct SchedulerIndex: Sendable {
    /// Available children of each group, in pick order.
    var candidates: [JobID: SortedChunkSet<CandidateKey>] = [:]
    /// The key under which an available job is filed in its parent's set.
    var filedKey = IDTable<CandidateKey>()
    /// Jobs that list the key job among their dependencies (may hold stale entries; they
    /// are re-checked, never trusted).
    var dependents: [JobID: [JobID]] = [:]
    /// Next sibling sequence number.
    var nextSeq = 1
    /// What the available leaves of each subtree ask at least (resource reservation).
    var floors = ResourceFloorIndex()
    /// How many available leaves each group holds, and how many of them are blocked for
    /// each worker or need each limit (the scheduling rules).
    var rules = RuleIndex()

    mutating func addDependent(_ job: JobID, on dependencies: [JobID]) {
        for d in dependencies where !(dependents[d]?.contains(job) ?? false) {
            dependents[d, default: []].append(job)
        }
    }

    mutating func removeDependent(_ job: JobID, from dependencies: [JobID]) {
        for d in dependencies {
            dependents[d]?.removeAll { $0 == job }
            if dependents[d]?.isEmpty == true { dependents[d] = nil }
        }
    }
}
