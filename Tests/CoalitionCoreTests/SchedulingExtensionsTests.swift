import Testing
@testable import CoalitionCore

/// The scheduling rules beyond v3 (docs/scheduling.md), one case per rule, with the clock
/// given explicitly.
@Suite struct SchedulingExtensionsTests {
    static func farm(maxWorkerErrors: Int = 0, sickAfter: Int = 0, sickTime: Double = 100,
                     limits: [String: Int] = [:], timeout: Double = 1000) -> Farm {
        var s = FarmSettings()
        s.maxWorkerErrors = maxWorkerErrors
        s.sickAfter = sickAfter
        s.sickTime = sickTime
        s.limits = limits
        s.timeout = timeout
        return Farm(settings: s, now: 0)
    }

    static func add(_ farm: inout Farm, under parent: JobID = 0, command: String = "run",
                    rules: SchedulingRules = SchedulingRules(), now: Double = 0) -> OperationResult {
        var spec = NewJob()
        spec.command = command
        spec.rules = rules
        return farm.submit(.addJob(spec, parent: .id(parent), requester: "", id: nil), now: now)
    }

    static func rules(maxWorkerErrors: Int = 0, forgiveTime: Int = -1, limits: [String] = [],
                      stallTimeout: Int = 0) -> SchedulingRules {
        var r = SchedulingRules()
        r.maxWorkerErrors = maxWorkerErrors
        r.forgiveTime = forgiveTime
        r.limits = limits
        r.stallTimeout = stallTimeout
        return r
    }

    // MARK: blocklists

    @Test func aWorkerThatFailedAJobEnoughTimesIsNotGivenItAgain() {
        var farm = Self.farm()
        let job = Self.add(&farm, rules: Self.rules(maxWorkerErrors: 2)).addedID
        #expect(farm.run("bad", code: 1, now: 1) == job)
        #expect(farm.run("bad", code: 1, now: 3) == job)
        #expect(farm.pick("bad", now: 5) == nil)
        #expect(farm.isBlocked(job, for: "bad", now: 5))
        #expect(farm.pick("good", now: 6) == job)
        #expect(farm.job(job)?.tryCount == 3)
    }

    @Test func theFarmDefaultAppliesAndChildrenInheritTheJobValue() {
        var farm = Self.farm(maxWorkerErrors: 1)
        let plain = Self.add(&farm).addedID
        #expect(farm.run("bad", code: 1, now: 1) == plain)
        #expect(farm.pick("bad", now: 3) == nil)

        var farm2 = Self.farm()
        let group = Self.add(&farm2, command: "", rules: Self.rules(maxWorkerErrors: 1)).addedID
        let leaf = Self.add(&farm2, under: group).addedID
        #expect(farm2.run("bad", code: 1, now: 1) == leaf)
        #expect(farm2.pick("bad", now: 3) == nil)
    }

    @Test func forgivenessExpires() {
        var farm = Self.farm()
        let job = Self.add(&farm, rules: Self.rules(maxWorkerErrors: 1, forgiveTime: 50)).addedID
        #expect(farm.run("bad", code: 1, now: 10) == job)
        #expect(farm.pick("bad", now: 60) == nil)
        #expect(farm.pick("bad", now: 62) == job)
    }

    @Test func forgiveTimeZeroMeansNever() {
        var farm = Self.farm()
        let job = Self.add(&farm, rules: Self.rules(maxWorkerErrors: 1, forgiveTime: 0)).addedID
        #expect(farm.run("bad", code: 1, now: 10) == job)
        #expect(farm.pick("bad", now: 1e9) == nil)
        #expect(farm.blocklist(of: job).first?.until == .infinity)
    }

    @Test func resetAndClearBlocklistForgive() {
        var farm = Self.farm()
        let job = Self.add(&farm, rules: Self.rules(maxWorkerErrors: 1)).addedID
        farm.run("bad", code: 1, now: 1)
        farm.submit(.resetErrorJobs([job]), now: 3)
        #expect(farm.blocklist(of: job).isEmpty)
        farm.run("bad", code: 1, now: 4)
        #expect(farm.pick("bad", now: 6) == nil)
        farm.submit(.clearBlocklist([0]), now: 7)
        #expect(farm.pick("bad", now: 8) == job)
    }

    @Test func aBlockedJobWaitsInsteadOfRunningOutOfRetriesOnTheBadNode() {
        var farm = Self.farm()
        var spec = NewJob()
        spec.command = "run"
        spec.retry = 5
        spec.rules = Self.rules(maxWorkerErrors: 2)
        let job = farm.submit(.addJob(spec, parent: .id(0), requester: "", id: nil), now: 0).addedID
        for t in 0..<5 { farm.run("bad", code: 1, now: Double(1 + 2 * t)) }
        #expect(farm.job(job)?.tryCount == 2)
        #expect(farm.run("good", code: 0, now: 20) == job)
        #expect(farm.stateOf(job) == .finished)
    }

    @Test func aRemovedWorkerKeepsItsEntryUntilForgiven() {
        var farm = Self.farm()
        let job = Self.add(&farm, rules: Self.rules(maxWorkerErrors: 1, forgiveTime: 100)).addedID
        farm.run("bad", code: 1, now: 1)
        farm.submit(.removeWorkers(["bad"]), now: 3)
        #expect(farm.blocklist(of: job).map(\.worker) == ["bad"])
        #expect(farm.pick("bad", now: 4) == nil)
        #expect(farm.pick("other", now: 5) == job)
    }

    @Test func overtimeCountsAsAFailureOfTheWorker() {
        var farm = Self.farm()
        var spec = NewJob()
        spec.command = "run"
        spec.timeOut = 5
        spec.rules = Self.rules(maxWorkerErrors: 1)
        let job = farm.submit(.addJob(spec, parent: .id(0), requester: "", id: nil), now: 0).addedID
        #expect(farm.pick("slow", now: 1) == job)
        farm.submit(.timeoutPass, now: 10)
        #expect(farm.isBlocked(job, for: "slow", now: 10))
    }

    // MARK: sick workers

    @Test func aWorkerFailingDifferentJobsGetsSickAndRecoversWithTime() {
        var farm = Self.farm(sickAfter: 2, sickTime: 100)
        _ = Self.add(&farm)
        _ = Self.add(&farm)
        let third = Self.add(&farm).addedID
        farm.run("w", code: 1, now: 1)
        farm.run("w", code: 1, now: 3)
        #expect(farm.worker("w")?.displayState(now: 5) == "SICK")
        #expect(farm.pick("w", now: 5) == nil)
        #expect(farm.worker("w")?.displayState(now: 5) == "SICK")
        #expect(farm.takeEffects().contains { if case .event = $0 { true } else { false } })
        #expect(farm.pick("w", now: 105) != nil)
        #expect(farm.worker("w")?.displayState(now: 105) == "WORKING")
        _ = third
    }

    @Test func failingTheSameJobAgainIsNotAStreak() {
        var farm = Self.farm(sickAfter: 2)
        let job = Self.add(&farm).addedID
        farm.run("w", code: 1, now: 1)
        farm.run("w", code: 1, now: 3)
        #expect(farm.worker("w")?.health.failureStreak == 1)
        #expect(farm.pick("w", now: 5) == job)
    }

    @Test func startingByHandOrFinishingAJobHeals() {
        var farm = Self.farm(sickAfter: 1)
        _ = Self.add(&farm)
        _ = Self.add(&farm)
        farm.run("w", code: 1, now: 1)
        #expect(farm.pick("w", now: 3) == nil)
        farm.submit(.startWorkers(["w"]), now: 4)
        #expect(farm.worker("w")?.displayState(now: 4) == "WAITING")
        #expect(farm.run("w", code: 0, now: 5) != nil)
        #expect(farm.worker("w")?.health == WorkerHealth())
    }

    @Test func healthyWorkersAreNeverShownSick() {
        var farm = Self.farm()
        _ = Self.add(&farm)
        farm.run("w", code: 1, now: 1)
        #expect(farm.worker("w")?.displayState(now: 3) == "WAITING")
    }

    // MARK: limits

    @Test func aLimitCapsConcurrentRuns() {
        var farm = Self.farm(limits: ["nuke": 2])
        let jobs = (0..<4).map { _ in Self.add(&farm, rules: Self.rules(limits: ["nuke"])).addedID }
        #expect(farm.pick("a", now: 1) == jobs[0])
        #expect(farm.pick("b", now: 1) == jobs[1])
        #expect(farm.pick("c", now: 1) == nil)
        #expect(farm.limitUsed("nuke") == 2)
        farm.submit(.endJob(WorkerReport(name: "a"), job: jobs[0], exitCode: 0), now: 2)
        #expect(farm.limitUsed("nuke") == 1)
        #expect(farm.pick("c", now: 3) == jobs[2])
    }

    @Test func limitsOnAGroupApplyToItsLeaves() {
        var farm = Self.farm(limits: ["lic": 1])
        let group = Self.add(&farm, command: "", rules: Self.rules(limits: ["lic"])).addedID
        let a = Self.add(&farm, under: group).addedID
        _ = Self.add(&farm, under: group)
        let free = Self.add(&farm).addedID
        #expect(farm.pick("w1", now: 1) == a)
        #expect(farm.pick("w2", now: 1) == free)
        #expect(farm.pick("w3", now: 1) == nil)
        #expect(farm.inheritedLimits(of: a) == ["lic"])
    }

    @Test func unitsComeBackOnEveryWayARunStops() {
        var farm = Self.farm(limits: ["l": 1], timeout: 30)
        let job = Self.add(&farm, rules: Self.rules(limits: ["l"])).addedID
        func holds(_ t: Double) -> Bool {
            #expect(farm.pick("w\(Int(t))", now: t) == job)
            return farm.limitUsed("l") == 1
        }
        // failed
        #expect(holds(1)); farm.submit(.endJob(WorkerReport(name: "w1"), job: job, exitCode: 1), now: 2)
        #expect(farm.limitUsed("l") == 0)
        // reset
        #expect(holds(3)); farm.submit(.resetJobs([job]), now: 4)
        #expect(farm.limitUsed("l") == 0)
        // paused then started: the pause returns it to the queue
        #expect(holds(5)); farm.submit(.stopWorkers(["w5"]), now: 6)
        #expect(farm.limitUsed("l") == 0)
        // worker lost (heartbeat timeout)
        #expect(holds(7)); farm.submit(.timeoutPass, now: 100)
        #expect(farm.limitUsed("l") == 0)
        farm.submit(.resetJobs([job]), now: 101)
        // removed
        #expect(holds(102)); farm.submit(.removeJobs([job]), now: 103)
        #expect(farm.limitUsed("l") == 0)
        #expect(farm.state.heldLimits.isEmpty)
    }

    @Test func aLimitLoweredBelowItsUseKeepsRunningJobs() {
        var farm = Self.farm(limits: ["l": 3])
        let jobs = (0..<4).map { _ in Self.add(&farm, rules: Self.rules(limits: ["l"])).addedID }
        for w in ["a", "b", "c"] { _ = farm.pick(w, now: 1) }
        farm.submit(.setLimit(name: "l", max: 1), now: 2)
        #expect(farm.limitUsed("l") == 3)
        #expect(farm.stateOf(jobs[0]) == .working)
        farm.submit(.endJob(WorkerReport(name: "a"), job: jobs[0], exitCode: 0), now: 3)
        #expect(farm.pick("d", now: 4) == nil)
        farm.submit(.endJob(WorkerReport(name: "b"), job: jobs[1], exitCode: 0), now: 5)
        farm.submit(.endJob(WorkerReport(name: "c"), job: jobs[2], exitCode: 0), now: 5)
        #expect(farm.pick("d", now: 6) == jobs[3])
    }

    @Test func unknownLimitNamesAreRefusedAndChangeNothing() {
        var farm = Self.farm(limits: ["known": 1])
        let result = Self.add(&farm, rules: Self.rules(limits: ["known", "nope"]))
        #expect(result == .added(.failure(.unknownLimit("nope"))))
        #expect(farm.state.jobs.count == 1)
        let job = Self.add(&farm).addedID
        farm.submit(.updateJobs([job], [JobProperty("limits", "nope")]), now: 1)
        #expect(farm.job(job)?.rules.limits == [])
        farm.submit(.setLimit(name: "nope", max: -1), now: 1)
        #expect(farm.limitMaximum("nope") == nil)
        farm.submit(.setLimit(name: "nope", max: 2), now: 1)
        farm.submit(.updateJobs([job], [JobProperty("limits", "nope, known")]), now: 1)
        #expect(farm.job(job)?.rules.limits == ["nope", "known"])
    }

    // MARK: stalled progress

    @Test func aSilentRunIsStoppedAfterItsStallTimeoutAndRetried() {
        var farm = Self.farm(timeout: 1000)
        let job = Self.add(&farm, rules: Self.rules(stallTimeout: 30)).addedID
        #expect(farm.pick("w", now: 1) == job)
        // Heartbeats without output keep the worker alive but do not count as progress.
        for t in stride(from: 10.0, through: 30, by: 10) {
            #expect(farm.submit(.heartbeat(WorkerReport(name: "w"), job: job, log: [], progress: nil), now: t) == .keepRunning(true))
        }
        farm.submit(.timeoutPass, now: 32)
        #expect(farm.stateOf(job) == .error)
        #expect(farm.submit(.heartbeat(WorkerReport(name: "w"), job: job, log: [], progress: nil), now: 33) == .keepRunning(false))
        #expect(farm.takeEffects().contains { if case .appendLog(job, let b) = $0 { String(decoding: b, as: UTF8.self).contains("stalled") } else { false } })
        #expect(farm.pick("w", now: 34) == job)
    }

    @Test func outputKeepsARunAlive() {
        var farm = Self.farm(timeout: 1000)
        let job = Self.add(&farm, rules: Self.rules(stallTimeout: 30)).addedID
        #expect(farm.pick("w", now: 1) == job)
        for t in stride(from: 20.0, through: 200, by: 20) {
            farm.submit(.heartbeat(WorkerReport(name: "w"), job: job, log: Array("line\n".utf8), progress: nil), now: t)
        }
        #expect(farm.stateOf(job) == .working)
    }
}
