import Testing
@testable import CoalitionCore

/// Operations on jobs and workers (reference 3.7–3.11).
@Suite struct JobOperationsTests {
    @Test func idsStartAtOneAndAreNeverReused() {
        var farm = Farm(now: 0)
        let a = farm.add()
        let b = farm.add()
        farm.submit(.removeJobs([b]), now: 1)
        let c = farm.add()
        #expect([a, b, c] == [1, 2, 3])
    }

    @Test func aggregatesCountLeavesAtEveryLevel() {
        var farm = Farm(now: 0)
        let top = farm.add("top", command: "")
        let mid = farm.add("mid", under: top, command: "")
        farm.add("l1", under: mid)
        farm.add("l2", under: mid)
        farm.add("l3", under: top)
        _ = farm.run("w1", code: 0)
        _ = farm.pick("w2", now: 3)
        let t = farm.job(top)!
        #expect((t.tally.total, t.tally.finished, t.tally.working) == (3, 1, 1))
        // The second pick went to l3: mid already had a finished leaf (tie-break).
        #expect((t.directFinished, t.directWorking) == (0, 1), "direct counts are direct leaves only")
        #expect(t.state == .working)
        let m = farm.job(mid)!
        #expect((m.directFinished, m.directWorking, m.tally.total) == (1, 0, 2))
    }

    @Test func groupStatePrecedence() {
        var farm = Farm(now: 0)
        let g = farm.add("g", command: "")
        farm.add("a", under: g, retry: 1)
        farm.add("b", under: g)
        _ = farm.run("w1", code: 1)
        #expect(farm.stateOf(g) == .error)
        _ = farm.pick("w2", now: 3)
        #expect(farm.stateOf(g) == .working, "WORKING wins over ERROR")
    }

    @Test func groupFinishesWhenAllLeavesFinish() {
        var farm = Farm(now: 0)
        let g = farm.add("g", command: "")
        farm.add("a", under: g)
        farm.add("b", under: g)
        _ = farm.run("w1")
        #expect(farm.stateOf(g) == .waiting)
        _ = farm.run("w1", now: 5)
        #expect(farm.stateOf(g) == .finished)
        #expect(farm.job(g)?.tally.meanDuration(now: 100) == 1)
    }

    @Test func pauseAndStart() {
        var farm = Farm(now: 0)
        let a = farm.add("a")
        _ = farm.pick("w1")
        farm.submit(.pauseJobs([a]), now: 2)
        #expect(farm.stateOf(a) == .paused)
        let kept = farm.submit(.heartbeat(WorkerReport(name: "w1"), job: a, log: [], progress: nil), now: 3).keepsRunning
        #expect(kept == false)
        farm.submit(.startJobs([a]), now: 4)
        #expect(farm.stateOf(a) == .waiting)
        let done = farm.add("done")
        _ = farm.run("w2", now: 5)
        _ = farm.run("w2", now: 7)
        #expect(farm.stateOf(done) == .finished)
        farm.submit(.startJobs([done]), now: 9)
        #expect(farm.stateOf(done) == .finished, "start only acts on PAUSED")
    }

    @Test func resetIsRecursiveAndDeletesLogs() {
        var farm = Farm(now: 0)
        let g = farm.add("g", command: "")
        let a = farm.add("a", under: g)
        _ = farm.run("w1")
        _ = farm.takeEffects()
        farm.submit(.resetJobs([g]), now: 5)
        let job = farm.job(a)!
        #expect((job.state, job.tryCount, job.worker) == (.waiting, 0, ""))
        #expect(farm.stateOf(g) == .waiting)
        #expect(farm.takeEffects().contains(.deleteLog(a)))
    }

    @Test func resetErrorsReachesOnlyErrorChildren() {
        var farm = Farm(now: 0)
        let g = farm.add("g", command: "")
        let ok = farm.add("ok", under: g)
        let bad = farm.add("bad", under: g, retry: 1)
        _ = farm.run("w1", code: 0)
        _ = farm.run("w1", code: 1, now: 3)
        farm.submit(.resetErrorJobs([g]), now: 5)
        #expect(farm.stateOf(ok) == .finished)
        #expect(farm.stateOf(bad) == .waiting)
        #expect(farm.job(bad)?.tryCount == 0)
        #expect(farm.stateOf(g) == .waiting)
    }

    @Test func moveAppendsAndRecomputesBothParents() {
        var farm = Farm(now: 0)
        let dest = farm.add("dest", command: "")
        farm.add("existing", under: dest)
        let a = farm.add("a")
        farm.submit(.moveJobs([a], to: dest), now: 1)
        #expect(farm.job(dest)?.children.last == a)
        #expect(farm.job(dest)?.tally.total == 2)
        #expect(farm.job(0)?.children == [dest])
    }

    @Test func moveIntoOwnSubtreeIsRefused() {
        var farm = Farm(now: 0)
        let a = farm.add("a", command: "")
        let b = farm.add("b", under: a, command: "")
        farm.submit(.moveJobs([a], to: b), now: 1)
        farm.submit(.moveJobs([a], to: a), now: 1)
        #expect(farm.job(a)?.parent == 0)
        #expect(farm.job(b)?.parent == a)
    }

    @Test func removeIsRecursiveAndEmptyGroupBecomesLeaf() {
        var farm = Farm(now: 0)
        let g = farm.add("g", command: "echo g")
        let c = farm.add("c", under: g)
        let gc = farm.add("gc", under: c)
        farm.submit(.removeJobs([c]), now: 1)
        #expect(farm.job(c) == nil && farm.job(gc) == nil)
        #expect(farm.job(g)?.isLeaf == true)
        #expect(farm.job(0)?.tally.total == 1)
        #expect(farm.pick("w1", now: 2) == g, "an emptied group is a leaf again and runs its command")
    }

    @Test func heartbeatTimeoutWithInjectedClock() {
        var settings = FarmSettings()
        settings.timeout = 60
        var farm = Farm(settings: settings, now: 0)
        let a = farm.add("a")
        _ = farm.pick("w1", now: 10)
        farm.submit(.timeoutPass, now: 69)
        #expect(farm.stateOf(a) == .working)
        farm.submit(.timeoutPass, now: 71)
        #expect(farm.stateOf(a) == .error)
        #expect(farm.worker("w1")?.state == .timeout)
        #expect(farm.worker("w1")?.error == 1)
        let kept = farm.submit(.heartbeat(WorkerReport(name: "w1"), job: a, log: [], progress: nil), now: 72).keepsRunning
        #expect(kept == false)
        #expect(farm.stateOf(a) == .error, "stays ERROR (reference 16.1 #5)")
    }

    @Test func runTimeTimeout() {
        var farm = Farm(now: 0)
        let a = farm.add("a", timeOut: 30)
        _ = farm.pick("w1", now: 100)
        let first = farm.submit(.heartbeat(WorkerReport(name: "w1"), job: a, log: [], progress: nil), now: 120).keepsRunning
        let second = farm.submit(.heartbeat(WorkerReport(name: "w1"), job: a, log: [], progress: nil), now: 131).keepsRunning
        #expect(first && !second)
        #expect(farm.stateOf(a) == .error)
        let effects = farm.takeEffects()
        #expect(effects.contains(.appendLog(a, Array("SERVER: Job \(a) timeout, exceeded run time".utf8))))
    }

    @Test func silentWorkerTimesOut() {
        var farm = Farm(now: 0)
        _ = farm.pick("idle", now: 0)
        farm.submit(.timeoutPass, now: 59)
        #expect(farm.worker("idle")?.state == .waiting)
        farm.submit(.timeoutPass, now: 61)
        #expect(farm.worker("idle")?.state == .timeout)
        _ = farm.pick("idle", now: 62)
        #expect(farm.worker("idle")?.state == .waiting)
    }

    @Test func stopWorkerRequeuesItsJob() {
        var farm = Farm(now: 0)
        let g = farm.add("g", command: "")
        let a = farm.add("a", under: g)
        _ = farm.pick("w1")
        farm.submit(.stopWorkers(["w1"]), now: 2)
        #expect(farm.stateOf(a) == .waiting)
        #expect(farm.job(g)?.tally.working == 0)
        #expect(farm.pick("w1", now: 3) == nil)
        farm.submit(.startWorkers(["w1"]), now: 3)
        #expect(farm.pick("w1", now: 4) == a)
    }

    @Test func repickResetsTheWorkersStaleJob() {
        var farm = Farm(now: 0)
        let a = farm.add("a")
        let b = farm.add("b")
        #expect(farm.pick("w1") == a)
        #expect(farm.pick("w1", now: 2) == a, "a restarted worker's old job is requeued and picked again")
        #expect(farm.stateOf(b) == .waiting)
    }

    @Test func activitiesOnePerHandOut() {
        var farm = Farm(now: 0)
        let a = farm.add("a", retry: 3)
        _ = farm.run("w1", code: 1)
        _ = farm.run("w1", code: 0, now: 5)
        let acts = farm.activityList(job: a, worker: nil, within: nil, now: 10)
        #expect(acts.map(\.state) == [.error, .finished])
    }

    @Test func progressPatternsExtractAndStrip() {
        var farm = Farm(now: 0)
        var spec = NewJob()
        spec.command = "x"
        spec.localProgressPattern = "F %one"
        spec.globalProgressPattern = "(%percent)"
        let id = farm.submit(.addJob(spec, parent: .id(0), requester: "", id: nil), now: 0).addedID
        _ = farm.pick("w")
        _ = farm.takeEffects()
        let kept = farm.submit(.heartbeat(WorkerReport(name: "w"), job: id, log: Array("F 0.25\nglobal (30) end\nF 0.5 (40)\n".utf8), progress: nil), now: 2).keepsRunning
        #expect(kept)
        #expect(farm.job(id)?.localProgress == 0.5)
        #expect(farm.job(id)?.globalProgress == 0.4)
        #expect(farm.takeEffects() == [.appendLog(id, Array("\nglobal () end\n ()\n".utf8))])
    }

    @Test func keywordlessPatternIsHarmless() {
        #expect(ProgressPattern("None") == nil)
        #expect(ProgressPattern("([") == nil)
        let p = ProgressPattern("PROGRESS:%percent")!
        let bytes: [UInt8] = Array(0...255)
        #expect(p.apply(to: bytes).rest == bytes)
    }

    @Test func parentResolution() {
        var farm = Farm(now: 0)
        let dept = farm.add("dept", command: "")
        let render = farm.add("render", under: dept, command: "")
        #expect(farm.resolveParent("dept") == dept)
        #expect(farm.resolveParent("dept|render") == render)
        #expect(farm.resolveParent("render") == render)
        #expect(farm.resolveParent(String(render)) == render)
        #expect(farm.resolveParent("999") == nil)
        #expect(farm.resolveParent("nope|x") == nil)
    }

    @Test func whitelistDecides() {
        let w = CommandWhitelist(parsing: "^/usr/bin/render\\b\n^/opt/tools/\n@alice\n^/home/alice/bin/\n")
        #expect(w.allows(user: "", command: "/usr/bin/render -f 1"))
        #expect(!w.allows(user: "", command: "rm -rf /"))
        #expect(w.allows(user: "alice", command: "/home/alice/bin/x"))
        #expect(!w.allows(user: "bob", command: "/home/alice/bin/x"))
        var settings = FarmSettings()
        settings.whitelist = w
        var farm = Farm(settings: settings, now: 0)
        var spec = NewJob()
        spec.command = "rm -rf /"
        // The refused add must leave the farm it was tried on unchanged.
        let refused = farm.submit(.addJob(spec, parent: .id(0), requester: "", id: nil), now: 0)
        #expect(refused == .added(.failure(.commandNotAllowed)))
        #expect(farm.state.jobs.count == 1 && farm.state.nextJobID == 1)
    }

    @Test func whitelistRefusesAPatternThatDoesNotCompile() {
        #expect(throws: CommandWhitelist.InvalidPattern.self) { try CommandWhitelist(validating: "^/ok\n@bob\n^(unclosed") }
        do {
            _ = try CommandWhitelist(validating: "^/ok\n@bob\n^(unclosed")
        } catch {
            #expect(error.pattern == "^(unclosed")
            #expect(!error.reason.isEmpty)
        }
        let valid = try? CommandWhitelist(validating: "^/usr/bin/render\\b\n@alice\n^/home/alice/")
        #expect(valid?.allows(user: "alice", command: "/home/alice/x") == true)
    }

    @Test func digitRunsAndIntegers() {
        #expect(FarmText.digitRuns("1,3 5") == [1, 3, 5])
        #expect(FarmText.digitRuns("#2; and 4") == [2, 4])
        #expect(FarmText.integer("1.5") == nil)
        #expect(FarmText.integer("abc") == nil)
        #expect(FarmText.integer("99999999999999999999") == nil)
        #expect(FarmText.integer("-3") == -3)
    }

    @Test func sortedChunkSetKeepsOrder() {
        var set = SortedChunkSet<Int>()
        var rng = SplitMix64(state: 7)
        var reference = Set<Int>()
        for _ in 0..<20_000 {
            let v = Int.random(in: 0..<5_000, using: &rng)
            if Bool.random(using: &rng) {
                let inserted = set.insert(v)
                #expect(inserted == reference.insert(v).inserted)
            } else {
                let removed = set.remove(v)
                #expect(removed == (reference.remove(v) != nil))
            }
        }
        #expect(Array(set) == reference.sorted())
        #expect(set.count == reference.count)
    }
}

@Suite struct RevisionTests {
    @Test func onlyMeaningfulChangesMarkTheFarmChanged() {
        var farm = Farm(now: 0)
        let a = farm.add("a")
        _ = farm.pick("w1")
        let afterPick = farm.revision
        _ = farm.submit(.heartbeat(WorkerReport(name: "w1", load: [5]), job: a, log: Array("plain output\n".utf8), progress: nil), now: 2).keepsRunning
        #expect(farm.revision == afterPick, "ping, load and plain output are not persisted state")
        _ = farm.submit(.heartbeat(WorkerReport(name: "w1"), job: a, log: Array("PROGRESS:10\n".utf8), progress: nil), now: 3).keepsRunning
        #expect(farm.revision != afterPick, "progress is")
        let afterProgress = farm.revision
        _ = farm.submit(.pickJob(WorkerReport(name: "idle"), choice: nil), now: 4).assignment
        #expect(farm.revision != afterProgress, "a new worker record is")
        let afterNewWorker = farm.revision
        _ = farm.submit(.pickJob(WorkerReport(name: "idle"), choice: nil), now: 5).assignment
        #expect(farm.revision == afterNewWorker, "an idle poll is not")
    }
}
