import Testing
@testable import CoalitionCore

/// `reportProgress`: progress posted from inside a job applies to its current run only.
@Suite struct JobProgressTests {
    @Test func appliesToTheCurrentRunOnly() throws {
        var farm = Farm(now: 0)
        let id = farm.add("render")
        let assignment = try #require(farm.submit(.pickJob(WorkerReport(name: "w"), choice: nil), now: 1).assignment)
        let run = try #require(farm.currentRun(of: id))
        #expect(assignment.activity == run)
        let applied = farm.apply(FarmOperation(time: 2, change: .reportProgress(job: id, activity: run, progress: 0.25, status: "frame 3")))
        #expect(applied.result == .accepted(true))
        #expect(applied.records.count == 1)
        #expect(farm.job(id)?.localProgress == 0.25)
        #expect(farm.job(id)?.status == "frame 3")
        // Another run's activity, or another job: refused, nothing recorded.
        let stale = farm.apply(FarmOperation(time: 3, change: .reportProgress(job: id, activity: run + 1, progress: 0.5, status: nil)))
        #expect(stale.result == .accepted(false) && stale.records.isEmpty)
        #expect(farm.job(id)?.localProgress == 0.25)
        // A status is optional: progress alone keeps the last status.
        _ = farm.apply(FarmOperation(time: 4, change: .reportProgress(job: id, activity: run, progress: 0.5, status: nil)))
        #expect(farm.job(id)?.status == "frame 3" && farm.job(id)?.localProgress == 0.5)
        // The run ends: its activity is no longer current.
        farm.submit(.endJob(WorkerReport(name: "w"), job: id, exitCode: 0), now: 5)
        #expect(farm.currentRun(of: id) == nil)
        let ended = farm.apply(FarmOperation(time: 6, change: .reportProgress(job: id, activity: run, progress: 0.9, status: nil)))
        #expect(ended.result == .accepted(false))
        // A new run starts without the old status and with a new activity.
        farm.submit(.resetJobs([id]), now: 7)
        _ = farm.pick("w", now: 8)
        #expect(farm.currentRun(of: id) != run && farm.job(id)?.status == nil)
    }

    @Test func statusIsCutAndProgressClamped() throws {
        var farm = Farm(now: 0)
        let id = farm.add("render")
        _ = farm.pick("w")
        let run = try #require(farm.currentRun(of: id))
        let long = String(repeating: "x", count: 1000)
        _ = farm.apply(FarmOperation(time: 2, change: .reportProgress(job: id, activity: run, progress: 7, status: long)))
        #expect(farm.job(id)?.localProgress == 1)
        #expect(farm.job(id)?.status?.count == Farm.maximumStatusLength)
    }
}
