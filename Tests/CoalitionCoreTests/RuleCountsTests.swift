import Testing
@testable import CoalitionCore

/// The rule counts that let a pick skip a whole group (docs/scheduling.md, cost of a pick):
/// what each group counts, and picks that rely on them staying exact as blocks end, limits
/// change and jobs move.
@Suite struct RuleCountsTests {
    /// Two groups of three leaves; the first group's leaves fail once on `bad`
    /// (maxworkererrors 1, forgiven after `forgive` seconds).
    func farmWithBlockedGroup(forgive: Int) -> (Farm, first: JobID, second: JobID, secondLeaves: [JobID]) {
        var farm = Farm(now: 0)
        var spec = NewJob()
        spec.title = "first"
        spec.priority = 2000
        spec.rules.maxWorkerErrors = 1
        spec.rules.forgiveTime = forgive
        let first = farm.submit(.addJob(spec, parent: .id(0), requester: "", id: nil), now: 0).addedID
        for n in 0..<3 { farm.add("f\(n)", under: first) }
        let second = farm.add("second", command: "")
        let leaves = (0..<3).map { farm.add("s\($0)", under: second) }
        for _ in 0..<3 { farm.run("bad", code: 1, now: 1) }
        return (farm, first, second, leaves)
    }

    @Test func aGroupWhoseLeavesAreAllBlockedCountsThem() {
        let (farm, first, second, leaves) = farmWithBlockedGroup(forgive: 0)
        #expect(farm.index.rules.sums[first] == RuleCounts(leaves: 3, blocked: ["bad": 3], limited: [:]))
        #expect(farm.index.rules.sums[second] == RuleCounts(leaves: 3))
        #expect(farm.index.rules.sums[0] == RuleCounts(leaves: 6, blocked: ["bad": 3], limited: [:]))
        #expect(farm.everyLeafHeldBack(below: first, worker: "bad", now: 2))
        #expect(!farm.everyLeafHeldBack(below: first, worker: "good", now: 2))
        #expect(farm.nextJob(forAffinity: "", worker: "bad", now: 2) == leaves[0])
        #expect(RuleCountsReference.mismatches(farm, now: 2).isEmpty)
    }

    @Test func aBlockThatEndsIsNoLongerCountedAndTheGroupIsPickedAgain() {
        var (farm, first, _, _) = farmWithBlockedGroup(forgive: 100)
        // Before any pick drains the ended blocks, a query past their end checks each leaf.
        #expect(!farm.index.rules.blocksCounted(at: 200))
        #expect(!farm.everyLeafHeldBack(below: first, worker: "bad", now: 200))
        #expect(farm.nextJob(forAffinity: "", worker: "bad", now: 200).map { farm.job($0)!.parent } == first)
        let picked = farm.pick("bad", now: 200)
        #expect(farm.job(picked!)?.parent == first)
        #expect(farm.index.rules.sums[first]?.blocked.isEmpty == true)
        #expect(farm.index.rules.expiries.isEmpty)
        #expect(RuleCountsReference.mismatches(farm, now: 200).isEmpty)
    }

    @Test func clearingTheBlocklistUncountsItsBlocks() {
        var (farm, first, _, _) = farmWithBlockedGroup(forgive: 0)
        farm.submit(.clearBlocklist([first]), now: 3)
        #expect(farm.index.rules.sums[first] == RuleCounts(leaves: 3))
        #expect(farm.job(farm.pick("bad", now: 4)!)?.parent == first)
    }

    @Test func leavesThatNameAFullLimitHoldTheirGroupBack() {
        var settings = FarmSettings()
        settings.limits = ["lic": 0]
        var farm = Farm(settings: settings, now: 0)
        let held = farm.add("held", command: "", priority: 2000)
        var spec = NewJob()
        spec.command = "render"
        spec.rules.limits = ["lic"]
        for _ in 0..<3 { farm.submit(.addJob(spec, parent: .id(held), requester: "", id: nil), now: 0) }
        let other = farm.add("other")
        #expect(farm.index.rules.sums[held] == RuleCounts(leaves: 3, blocked: [:], limited: ["lic": 3]))
        #expect(farm.everyLeafHeldBack(below: held, worker: nil, now: 1))
        #expect(farm.pick("w", now: 1) == other)
        // A unit appears: the group is no longer held back.
        farm.submit(.setLimit(name: "lic", max: 1), now: 2)
        #expect(!farm.everyLeafHeldBack(below: held, worker: nil, now: 2))
        #expect(farm.job(farm.pick("w2", now: 2)!)?.parent == held)
        // A leaf's limits changed by updatejobs are counted again.
        let leaf = farm.job(held)!.children[2]
        farm.submit(.updateJobs([leaf], [JobProperty("Limits", "")]), now: 3)
        #expect(farm.index.rules.sums[held]?.limited["lic"] == 1)
        #expect(RuleCountsReference.mismatches(farm, now: 3).isEmpty)
    }

    @Test func aGroupNamingALimitCountsEveryLeafBelowIt() {
        var settings = FarmSettings()
        settings.limits = ["lic": 5]
        var farm = Farm(settings: settings, now: 0)
        let top = farm.add("top", command: "")
        var group = NewJob()
        group.title = "licensed"
        group.rules.limits = ["lic"]
        let licensed = farm.submit(.addJob(group, parent: .id(top), requester: "", id: nil), now: 0).addedID
        for n in 0..<4 { farm.add("l\(n)", under: licensed) }
        farm.add("free", under: top)
        #expect(farm.index.rules.sums[top] == RuleCounts(leaves: 5, blocked: [:], limited: ["lic": 4]))
        // Moving the free leaf away leaves a group whose every leaf needs lic.
        let free = farm.job(top)!.children[1]
        farm.submit(.moveJobs([free], to: 0), now: 1)
        #expect(farm.index.rules.sums[top] == RuleCounts(leaves: 4, blocked: [:], limited: ["lic": 4]))
        farm.submit(.setLimit(name: "lic", max: 0), now: 2)
        #expect(farm.everyLeafHeldBack(below: top, worker: nil, now: 2))
        #expect(farm.pick("w", now: 2) == free)
        #expect(RuleCountsReference.mismatches(farm, now: 2).isEmpty)
    }

    @Test func aPausedGroupKeepsItsCountsAcrossARestore() {
        var (farm, first, _, _) = farmWithBlockedGroup(forgive: 0)
        farm.submit(.pauseJobs([first]), now: 2)
        let restored = Farm(restoring: farm.state, settings: farm.settings, now: 3)
        #expect(restored.index.rules.sums[first] == farm.index.rules.sums[first])
        var started = restored
        started.submit(.startJobs([first]), now: 4)
        #expect(started.everyLeafHeldBack(below: first, worker: "bad", now: 4))
        #expect(RuleCountsReference.mismatches(started, now: 4).isEmpty)
    }
}
