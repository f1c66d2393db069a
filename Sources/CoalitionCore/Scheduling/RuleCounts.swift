/// How many available leaves a job stands for, and how many of them each worker is blocked
/// from and each limit name holds back. A pick skips a whole group in O(1) when its counts
/// say every available leaf below it is blocked for the asking worker, or names one limit
/// that is full.
///
/// A leaf counts 1, with 1 per worker blocked from it and 1 per limit it names. A group's
/// `sums` add up what its available children count; what the group counts for its own
/// parent is that sum with every limit it names itself raised to its leaf count (each leaf
/// below needs that limit).
struct RuleCounts: Sendable, Equatable {
    var leaves = 0
    /// Worker name → leaves blocked for that worker.
    var blocked: [String: Int] = [:]
    /// Limit name → leaves that need that limit (named by the leaf or a group between).
    var limited: [String: Int] = [:]

    static let oneLeaf = RuleCounts(leaves: 1)

    var isEmpty: Bool { leaves == 0 && blocked.isEmpty && limited.isEmpty }

    /// What a leaf counts: blocked for `workers`, naming `limits`.
    static func leaf(blockedFor workers: [String], limits: [String]) -> RuleCounts {
        var c = RuleCounts.oneLeaf
        for w in workers { c.blocked[w] = 1 }
        for n in limits { c.limited[n] = 1 }
        return c
    }

    /// What a group whose children sum to `self` counts for its parent.
    func throughGroup(naming limits: [String]) -> RuleCounts {
        guard !limits.isEmpty else { return self }
        var c = self
        for n in limits { c.limited[n] = leaves == 0 ? nil : leaves }
        return c
    }

    /// `self += sign * other`; zero entries are dropped.
    mutating func add(_ other: RuleCounts, times sign: Int = 1) {
        leaves += sign * other.leaves
        for (k, v) in other.blocked { Self.bump(&blocked, k, sign * v) }
        for (k, v) in other.limited { Self.bump(&limited, k, sign * v) }
    }

    /// `new - old`, as a delta to add.
    static func difference(_ new: RuleCounts, _ old: RuleCounts) -> RuleCounts {
        var d = new
        d.add(old, times: -1)
        return d
    }

    private static func bump(_ table: inout [String: Int], _ key: String, _ by: Int) {
        guard by != 0 else { return }
        let v = (table[key] ?? 0) + by
        table[key] = v == 0 ? nil : v
    }
}
