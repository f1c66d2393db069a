import CoalitionCore

/// Every job of the farm (the root excluded) as v4 rows, in id order as v4's table
/// returns them, each row's `h_*` columns computed once from its parent's.
public enum V4Walk {
    public static func rows(farm: borrowing Farm, affinities: V4Affinities, now: Double, _ visit: (V4JobRow) -> Void) {
        guard let root = farm.job(0) else { return }
        var rows: [V4JobRow] = []
        rows.reserveCapacity(farm.state.jobs.count)
        var stack: [(JobID, V4Inherited)] = root.children.reversed().map { ($0, V4Inherited.root) }
        var visited = 0
        while let top = stack.popLast() {
            let (id, inherited) = top
            visited += 1
            guard visited <= farm.state.jobs.count, let job = farm.job(id) else { continue }
            let row = V4JobRow(job, parent: inherited, farm: farm, affinities: affinities, now: now)
            rows.append(row)
            for c in job.children.reversed() { stack.append((c, row.own)) }
        }
        rows.sort { $0.job.id < $1.job.id }
        for row in rows { visit(row) }
    }
}
