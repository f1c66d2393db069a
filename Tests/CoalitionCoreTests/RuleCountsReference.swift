@testable import CoalitionCore

/// The rule counts of `RuleIndex` recomputed from scratch by walking the tree: the
/// yardstick for the incremental ones.
enum RuleCountsReference {
    /// What available job `id` counts: a leaf 1 (with its counted blocks and own limits), a
    /// group the sum over its available children, its own limits raised to its leaf count.
    static func counts(_ id: JobID, _ farm: Farm) -> RuleCounts {
        let job = farm.state.jobs[id]!
        if job.isLeaf { return .leaf(blockedFor: farm.index.rules.blockedFor[id] ?? [], limits: job.rules.limits) }
        return sum(id, farm).throughGroup(naming: job.rules.limits)
    }

    static func sum(_ id: JobID, _ farm: Farm) -> RuleCounts {
        var total = RuleCounts()
        for c in farm.state.jobs[id]!.children where farm.index.filedKey[c] != nil { total.add(counts(c, farm)) }
        return total
    }

    /// Differences between the index and the recomputation, described; empty when they agree.
    /// Also checks that the counted blocks are the blocks that hold at `now` when the index
    /// says its block counts can be trusted.
    static func mismatches(_ farm: Farm, now: Double) -> [String] {
        var out: [String] = []
        for (id, job) in farm.state.jobs {
            let expected = job.children.isEmpty ? RuleCounts() : sum(id, farm)
            let indexed = farm.index.rules.sums[id] ?? RuleCounts()
            if expected != indexed { out.append("job \(id): sums \(indexed), expected \(expected)") }
            let filed = farm.index.rules.filed[id]
            if job.isLeaf || farm.index.filedKey[id] == nil {
                if filed != nil { out.append("job \(id): filed counts \(filed!) for a leaf or an unavailable job") }
            } else if filed != counts(id, farm) {
                out.append("job \(id): filed \(String(describing: filed)), expected \(counts(id, farm))")
            }
        }
        if farm.index.rules.blocksCounted(at: now) {
            for (id, list) in farm.state.blocklists {
                let holding = list.filter { $0.blocks(at: now) }.map(\.worker).sorted()
                let counted = farm.index.rules.blockedFor[id] ?? []
                if holding != counted { out.append("job \(id): blocks counted \(counted), holding \(holding)") }
            }
        }
        return out
    }
}
