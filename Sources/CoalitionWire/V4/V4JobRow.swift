import CoalitionCore

/// What a v4 job row inherits from its ancestors (the `h_*` columns of v4's table).
public struct V4Inherited: Sendable, Equatable {
    /// Depth below the root: a root child has depth 0.
    public var depth: Int
    public var affinityMask: Int64
    public var priority: UInt64
    public var paused: Bool

    /// What the root hands its children.
    public static let root = V4Inherited(depth: -1, affinityMask: 0, priority: 0, paused: false)

    /// What `job`, a child of the holder of `self`, hands its own children.
    public func child(_ job: Job, affinities: V4Affinities) -> V4Inherited {
        let depth = depth + 1
        let shift = 56 - depth * 8
        let own = UInt64(V4JobRow.priority(job.priority))
        return V4Inherited(depth: depth,
                           affinityMask: affinityMask | affinities.mask(job.affinity),
                           priority: shift >= 0 ? priority &+ (own << UInt64(shift)) : priority,
                           paused: paused || job.state == .paused)
    }

    /// What the children of `id` inherit, walking up from it.
    public static func of(_ id: JobID, farm: borrowing Farm, affinities: V4Affinities) -> V4Inherited {
        var chain: [Job] = []
        var cursor: JobID? = id
        while let c = cursor, c != 0, let job = farm.job(c), chain.count <= farm.state.jobs.count {
            chain.append(job)
            cursor = job.parent
        }
        var inherited = V4Inherited.root
        for job in chain.reversed() { inherited = inherited.child(job, affinities: affinities) }
        return inherited
    }
}

/// One job as Coalition v4's `/api/` shows it: the columns of its `Jobs` table, translated
/// from this farm's model (docs/api.md has the rules).
public struct V4JobRow: Sendable {
    public var job: Job
    /// What the row's own `h_*` columns hold (the parent's inheritance applied to it).
    public var own: V4Inherited
    public var affinityMask: Int64
    public var pending: Bool
    public var now: Double

    public init(_ job: Job, parent: V4Inherited, farm: borrowing Farm, affinities: V4Affinities, now: Double) {
        self.job = job
        self.own = parent.child(job, affinities: affinities)
        self.affinityMask = affinities.mask(job.affinity)
        self.now = now
        // v4's PENDING: waiting on a dependency that has not finished.
        var pending = false
        if job.state == .waiting {
            for d in job.dependencies where farm.job(d).map({ $0.state != .finished }) ?? false {
                pending = true
                break
            }
        }
        self.pending = pending
    }

    /// v4 clamps priorities to 0...255.
    static func priority(_ p: Int) -> Int { max(0, min(255, p)) }

    public static let columns: [String] = [
        "id", "parent", "title", "command", "dir", "environment", "state", "paused", "worker", "start_time",
        "duration", "run_done", "retry", "timeout", "priority", "affinity", "affinity_bits", "user", "finished",
        "errors", "working", "total", "total_finished", "total_errors", "total_working", "url", "progress",
        "progress_pattern", "h_affinity", "h_priority", "h_paused", "h_depth",
    ]

    /// Columns a `where_clause` may name.
    public static let whereColumns = Set(columns)

    public var state: String { pending ? "PENDING" : job.state.rawValue }
    public var progress: Double? { job.localProgress ?? job.globalProgress }

    /// The value of a column for `where_clause` evaluation.
    public func value(_ column: String) -> WhereValue {
        func n(_ v: Int) -> WhereValue { .number(Double(v)) }
        switch column {
        case "id": return n(job.id)
        case "parent": return n(job.parent ?? 0)
        case "title": return .text(job.title)
        case "command": return .text(job.command)
        case "dir": return .text(job.dir)
        case "environment": return .text(job.environment ?? "")
        case "state": return .text(state)
        case "paused": return n(job.state == .paused ? 1 : 0)
        case "worker": return .text(job.worker)
        case "start_time": return n(Int(job.startTime))
        case "duration": return n(Int(job.displayDuration(now: now)))
        case "run_done": return n(job.tryCount)
        case "retry": return n(job.retry)
        case "timeout": return n(job.timeOut)
        case "priority": return n(job.priority)
        case "affinity": return .text(job.affinity)
        case "affinity_bits": return n(Int(affinityMask))
        case "user": return .text(job.user)
        case "finished": return n(job.directFinished)
        case "errors": return n(job.directErrors)
        case "working": return n(job.directWorking)
        case "total": return n(job.tally.total)
        case "total_finished": return n(job.tally.finished)
        case "total_errors": return n(job.tally.errors)
        case "total_working": return n(job.tally.working)
        case "url": return .text(job.url)
        case "progress": return progress.map { .number($0) } ?? .null
        case "progress_pattern": return .text(job.localProgressPattern ?? "")
        case "h_affinity": return n(Int(own.affinityMask))
        case "h_priority": return .number(Double(own.priority))
        case "h_paused": return n(own.paused ? 1 : 0)
        case "h_depth": return n(own.depth)
        default: return .null
        }
    }

    /// Whether the row matches a parsed `where_clause`.
    public func matches(_ predicate: WherePredicate) -> Bool {
        predicate.matches { value($0) }
    }

    /// The row as a JSON object; `withDependencies` adds the `dependencies` id list
    /// (the single-job answer).
    public func write(into w: inout JSONWriter, withDependencies: Bool = false) {
        w.raw("{\"id\":"); w.int(job.id)
        w.raw(",\"parent\":"); w.int(job.parent ?? 0)
        w.raw(",\"title\":"); w.string(job.title)
        w.raw(",\"command\":"); w.string(job.command)
        w.raw(",\"dir\":"); w.string(job.dir)
        w.raw(",\"environment\":"); w.string(job.environment ?? "")
        w.raw(",\"state\":"); w.string(state)
        w.raw(",\"paused\":"); w.int(job.state == .paused ? 1 : 0)
        w.raw(",\"worker\":"); w.string(job.worker)
        w.raw(",\"start_time\":"); w.int(Int(job.startTime))
        w.raw(",\"duration\":"); w.int(Int(job.displayDuration(now: now)))
        w.raw(",\"run_done\":"); w.int(job.tryCount)
        w.raw(",\"retry\":"); w.int(job.retry)
        w.raw(",\"timeout\":"); w.int(job.timeOut)
        w.raw(",\"priority\":"); w.int(job.priority)
        w.raw(",\"affinity\":"); w.string(job.affinity)
        w.raw(",\"affinity_bits\":"); w.int(Int(affinityMask))
        w.raw(",\"user\":"); w.string(job.user)
        w.raw(",\"finished\":"); w.int(job.directFinished)
        w.raw(",\"errors\":"); w.int(job.directErrors)
        w.raw(",\"working\":"); w.int(job.directWorking)
        w.raw(",\"total\":"); w.int(job.tally.total)
        w.raw(",\"total_finished\":"); w.int(job.tally.finished)
        w.raw(",\"total_errors\":"); w.int(job.tally.errors)
        w.raw(",\"total_working\":"); w.int(job.tally.working)
        w.raw(",\"url\":"); w.string(job.url)
        w.raw(",\"progress\":"); w.optionalDouble(progress)
        w.raw(",\"progress_pattern\":"); w.string(job.localProgressPattern ?? "")
        w.raw(",\"h_affinity\":"); w.int(Int(own.affinityMask))
        w.raw(",\"h_priority\":"); w.uint64(own.priority)
        w.raw(",\"h_paused\":"); w.int(own.paused ? 1 : 0)
        w.raw(",\"h_depth\":"); w.int(own.depth)
        if withDependencies {
            w.raw(",\"dependencies\":"); w.intArray(job.dependencies)
        }
        w.byte(UInt8(ascii: "}"))
    }
}
