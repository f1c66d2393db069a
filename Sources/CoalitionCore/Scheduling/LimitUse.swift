/// Units in use per limit, derived from `FarmState.heldLimits` (rebuilt at load, never
/// persisted). A limit is *full* when its use reaches its maximum; the pick skips any
/// candidate naming a full limit in O(1) per name.
struct LimitUse: Sendable {
    var used: [String: Int] = [:]

    mutating func take(_ names: [String]) {
        for n in names { used[n, default: 0] += 1 }
    }

    mutating func give(_ names: [String]) {
        for n in names {
            let left = (used[n] ?? 0) - 1
            used[n] = left > 0 ? left : nil
        }
    }
}
