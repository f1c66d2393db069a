import Testing
@testable import CoalitionCore

/// The bounded activity history: the timeout pass drops the oldest activities, by age
/// (`activityDays`) and by count (`activityMax`), and records what it dropped.
@Suite struct ActivityHistoryTests {
    static let day = 86_400.0

    /// A farm whose worker `w` has run `runs` jobs, one a day from day 0.
    func farm(days: Double, max: Int, runs: Int) -> Farm {
        var settings = FarmSettings()
        settings.activityDays = 0
        settings.activityMax = 0
        settings.timeout = 10 * Self.day
        var farm = Farm(settings: settings, now: 0)
        for i in 0..<runs {
            let t = Double(i) * Self.day
            farm.add("j\(i)", now: t)
            farm.run("w", now: t)
        }
        // The bounds apply from now on.
        farm.settings.activityDays = days
        farm.settings.activityMax = max
        return farm
    }

    /// The history part of what a timeout pass at `now` recorded.
    func timeoutPass(_ farm: inout Farm, at now: Double) -> [FarmOperation] {
        farm.apply(FarmOperation(time: now, change: .timeoutPass)).records.filter {
            if case .dropActivities = $0.change { return true }
            return false
        }
    }

    @Test func oldActivitiesAreDroppedOldestFirst() {
        var farm = farm(days: 3, max: 0, runs: 6)
        #expect(farm.state.activities.count == 6)
        // Day 5.5: activities that started before day 2.5 (days 0, 1, 2) go.
        let now = 5.5 * Self.day
        #expect(farm.timeoutPassDue(at: now))
        let records = timeoutPass(&farm, at: now)
        #expect(records.map(\.change) == [.dropActivities(through: 2)])
        #expect(farm.state.activities.keys.sorted() == [3, 4, 5])
        // Nothing more is due until the next one ages out.
        #expect(!farm.historyDue(at: now))
        #expect(farm.historyDue(at: 6.5 * Self.day))
    }

    @Test func theCountIsBounded() {
        var farm = farm(days: 0, max: 4, runs: 6)
        #expect(farm.timeoutPassDue(at: 6 * Self.day))
        #expect(timeoutPass(&farm, at: 6 * Self.day).map(\.change) == [.dropActivities(through: 1)])
        #expect(farm.state.activities.keys.sorted() == [2, 3, 4, 5])
        // One more run: one more dropped.
        farm.add("j6", now: 7 * Self.day)
        farm.run("w", now: 7 * Self.day)
        #expect(farm.state.activities.count == 4)
        #expect(farm.state.activities[2] == nil)
    }

    @Test func zeroKeepsEverything() {
        var farm = farm(days: 0, max: 0, runs: 5)
        #expect(!farm.historyDue(at: 1000 * Self.day))
        #expect(timeoutPass(&farm, at: 1000 * Self.day).isEmpty)
        #expect(farm.state.activities.count == 5)
    }

    @Test func replayDropsTheSameAndARestoredFarmKnowsItsOldest() throws {
        var farm = farm(days: 2, max: 0, runs: 5)
        let before = farm.state
        let records = timeoutPass(&farm, at: 4.5 * Self.day)
        var replayed = Farm(restoring: before, settings: farm.settings, now: 4.5 * Self.day)
        for record in records { try replayed.replay(record) }
        #expect(replayed.state.activities.keys.sorted() == farm.state.activities.keys.sorted())
        // A restored farm starts its walk at its smallest id.
        let restored = Farm(restoring: farm.state, settings: farm.settings, now: 5 * Self.day)
        #expect(restored.historyCut(now: 5.5 * Self.day) == 3)
    }

    @Test func aWorkingActivityAgesLikeTheOthers() {
        var farm = farm(days: 1, max: 0, runs: 0)
        farm.add("long", now: 0)
        _ = farm.pick("w", now: 0)
        #expect(timeoutPass(&farm, at: 2 * Self.day).map(\.change).contains(.dropActivities(through: 0)))
        // The run still ends cleanly without its activity.
        farm.submit(.endJob(WorkerReport(name: "w"), job: 1, exitCode: 0), now: 2 * Self.day)
        #expect(farm.stateOf(1) == .finished)
    }
}
