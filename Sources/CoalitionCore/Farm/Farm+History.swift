/// The bounded activity history (`activitydays`, `activitymax`): the timeout pass drops
/// the oldest activities, and only those. Activity ids only grow, so the oldest one is
/// `live.oldestActivity` and trimming walks forward from it: the cost of a trim is the
/// number of activities it drops, and deciding that none is due is one lookup.
extension Farm {
    /// Seconds in a day, for `activityDays`.
    static let secondsPerDay = 86_400.0

    /// True when the history holds more than `activityMax` activities or its oldest one
    /// started more than `activityDays` before `now`. O(1).
    func historyDue(at now: Double) -> Bool {
        if settings.activityMax > 0 && state.activities.count > settings.activityMax { return true }
        guard settings.activityDays > 0, let oldest = state.activities[live.oldestActivity] else { return false }
        return oldest.start < now - settings.activityDays * Self.secondsPerDay
    }

    /// The newest id of the activities to drop at `now`, oldest first, or nil when none
    /// is due. Walks only the activities it would drop.
    func historyCut(now: Double) -> Int? {
        guard historyDue(at: now) else { return nil }
        let cutoff = now - settings.activityDays * Self.secondsPerDay
        var remaining = state.activities.count
        var id = live.oldestActivity
        var last: Int?
        while id < state.nextActivityID {
            defer { id += 1 }
            guard let activity = state.activities[id] else { continue }
            let tooMany = settings.activityMax > 0 && remaining > settings.activityMax
            let tooOld = settings.activityDays > 0 && activity.start < cutoff
            guard tooMany || tooOld else { break }
            last = id
            remaining -= 1
        }
        return last
    }

    /// Drops every activity whose id is at most `last` (live and replay alike).
    mutating func dropActivities(through last: Int) {
        var id = live.oldestActivity
        let end = min(last, state.nextActivityID - 1)
        var dropped = false
        while id <= end {
            if state.activities.remove(id) { dropped = true }
            id += 1
        }
        live.oldestActivity = max(live.oldestActivity, id)
        // Skip ids that hold nothing (gaps in a history written by another server).
        while live.oldestActivity < state.nextActivityID && state.activities[live.oldestActivity] == nil {
            live.oldestActivity += 1
        }
        if dropped { touch() }
    }
}
