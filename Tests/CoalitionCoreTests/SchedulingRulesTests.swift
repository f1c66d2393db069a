import Testing
@testable import CoalitionCore

/// One case per scheduling rule of the reference (3.2–3.6).
@Suite struct SchedulingRulesTests {
    @Test func higherPriorityRunsFirst() {
        var farm = Farm(now: 0)
        let low = farm.add("low", priority: 10)
        let high = farm.add("high", priority: 20)
        #expect(farm.pick("w1") == high)
        #expect(farm.pick("w2") == low)
        #expect(farm.pick("w3") == nil)
    }

    @Test func equalPrioritiesRunInChildOrder() {
        var farm = Farm(now: 0)
        let a = farm.add("a")
        let b = farm.add("b")
        #expect(farm.pick("w1") == a)
        #expect(farm.pick("w2") == b)
    }

    @Test func groupTieBreakIsFewerWorkingPlusFinished() {
        // Reference 3.3 worked example.
        var farm = Farm(now: 0)
        let groupA = farm.add("A", command: "")
        let b = farm.add("B")
        let a1 = farm.add("a1", under: groupA)
        let a2 = farm.add("a2", under: groupA)
        #expect(farm.pick("w1") == a1)
        #expect(farm.pick("w2") == b)
        #expect(farm.pick("w3") == a2)
    }

    @Test func priorityIsHierarchical() {
        var farm = Farm(now: 0)
        let lowGroup = farm.add("low group", command: "", priority: 1)
        _ = farm.add("urgent leaf", under: lowGroup, priority: 9999)
        let normal = farm.add("normal", priority: 5)
        #expect(farm.pick("w1") == normal)
    }

    @Test func groupsNeverRunTheirOwnCommand() {
        var farm = Farm(now: 0)
        let group = farm.add("group", command: "group command")
        let child = farm.add("child", under: group)
        #expect(farm.pick("w1") == child)
        #expect(farm.pick("w2") == nil)
    }

    @Test func leavesWithoutCommandAreNotHandedOut() {
        var farm = Farm(now: 0)
        farm.add("empty", command: "")
        #expect(farm.pick("w1") == nil)
    }

    @Test func dependenciesMustBeFinished() {
        var farm = Farm(now: 0)
        let first = farm.add("first", priority: 1)
        let second = farm.add("second", priority: 100, dependencies: [first])
        #expect(farm.pick("w1") == first)
        #expect(farm.pick("w2") == nil)
        farm.submit(.endJob(WorkerReport(name: "w1"), job: first, exitCode: 0), now: 2)
        #expect(farm.pick("w2") == second)
    }

    @Test func dependencyOnAGroupWaitsForAllItsLeaves() {
        var farm = Farm(now: 0)
        let group = farm.add("group", command: "")
        farm.add("g1", under: group)
        farm.add("g2", under: group)
        let after = farm.add("after", priority: 2000, dependencies: [group])
        _ = farm.run("w1")
        #expect(farm.pick("w2") != after)
        _ = farm.run("w3", now: 3)
        _ = farm.run("w2", now: 4)
        #expect(farm.stateOf(group) == .finished)
        #expect(farm.pick("w4", now: 5) == after)
    }

    @Test func missingDependencyCountsAsSatisfied() {
        var farm = Farm(now: 0)
        let a = farm.add("a", dependencies: [999])
        #expect(farm.pick("w1") == a)
    }

    @Test func dependencyOnAJobCreatedLaterBlocksOnceItExists() {
        var farm = Farm(now: 0)
        let early = farm.add("early", dependencies: [2])
        #expect(farm.nextJob(forAffinity: "") == early, "a missing dependency counts as satisfied")
        let dep = farm.add("dep", command: "", priority: 1)
        #expect(dep == 2)
        #expect(farm.nextJob(forAffinity: "") == nil, "job 2 now exists and is not FINISHED")
    }

    @Test func removedDependencyUnblocks() {
        var farm = Farm(now: 0)
        let dep = farm.add("dep", command: "")
        let job = farm.add("job", dependencies: [dep])
        #expect(farm.pick("w1") == nil)
        farm.submit(.removeJobs([dep]), now: 1)
        #expect(farm.pick("w1") == job)
    }

    @Test func affinityIsASubsetTest() {
        var farm = Farm(now: 0)
        let job = farm.add("gpu job", affinity: "LINUX,24GB")
        _ = farm.pick("w-linux")
        farm.submit(.updateWorkers(["w-linux"], [JobProperty("Affinity", "LINUX")]), now: 0)
        #expect(farm.nextJob(forAffinity: "LINUX") == nil)
        #expect(farm.nextJob(forAffinity: "24GB") == nil)
        #expect(farm.nextJob(forAffinity: "LINUX,24GB") == job)
        #expect(farm.nextJob(forAffinity: "24GB,GL,LINUX") == job)
        #expect(farm.nextJob(forAffinity: "") == nil)
    }

    @Test func affinityIsInheritedFromAncestors() {
        var farm = Farm(now: 0)
        let group = farm.add("linux group", command: "", affinity: "linux")
        let leaf = farm.add("leaf", under: group, affinity: "gpu")
        #expect(farm.nextJob(forAffinity: "gpu") == nil)
        #expect(farm.nextJob(forAffinity: "linux") == nil)
        #expect(farm.nextJob(forAffinity: "linux,gpu") == leaf)
    }

    @Test func incompatibleSubtreeDoesNotBlockSiblings() {
        var farm = Farm(now: 0)
        let gpuGroup = farm.add("gpu", command: "", priority: 2000)
        farm.add("needs gpu", under: gpuGroup, affinity: "gpu")
        let plain = farm.add("plain", priority: 1)
        #expect(farm.nextJob(forAffinity: "") == plain)
    }

    @Test func retriesUntilTryReachesRetry() {
        var farm = Farm(now: 0)
        let job = farm.add("flaky", retry: 3)
        for attempt in 1...3 {
            #expect(farm.run("w\(attempt)", code: 1, now: Double(attempt * 10)) == job)
            #expect(farm.job(job)?.tryCount == attempt)
            #expect(farm.stateOf(job) == .error)
        }
        #expect(farm.pick("w9", now: 100) == nil)
    }

    @Test func eachErrorLowersPriority() {
        var farm = Farm(now: 0)
        let job = farm.add("flaky", priority: 5, retry: 3)
        _ = farm.run("w1", code: 1)
        #expect(farm.job(job)?.priority == 4)
        let other = farm.add("other", priority: 5)
        #expect(farm.pick("w2", now: 5) == other, "the retried job moved behind its equal-priority sibling")
    }

    @Test func waitingLeafIgnoresTry() {
        var farm = Farm(now: 0)
        let job = farm.add("job", retry: 1)
        _ = farm.run("w1", code: 1)
        #expect(farm.pick("w2") == nil)
        farm.submit(.resetJobs([job]), now: 3)
        #expect(farm.pick("w2", now: 4) == job)
    }

    @Test func decreasePriorityAfterErrorsLowersTheGroup() {
        var settings = FarmSettings()
        settings.decreasePriorityAfter = 2
        var farm = Farm(settings: settings, now: 0)
        let group = farm.add("group", command: "", priority: 50)
        farm.add("a", under: group, retry: 1)
        farm.add("b", under: group, retry: 1)
        _ = farm.run("w1", code: 1)
        #expect(farm.job(group)?.priority == 50)
        _ = farm.run("w2", code: 1, now: 3)
        #expect(farm.job(group)?.priority == 49)
    }

    @Test func pausedGroupHidesItsSubtree() {
        var farm = Farm(now: 0)
        let group = farm.add("group", command: "")
        farm.add("leaf", under: group)
        farm.submit(.pauseJobs([group]), now: 1)
        #expect(farm.pick("w1") == nil)
        farm.submit(.startJobs([group]), now: 2)
        #expect(farm.pick("w1") != nil)
    }
}
