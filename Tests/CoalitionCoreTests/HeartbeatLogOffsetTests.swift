import Testing
@testable import CoalitionCore

/// Heartbeats that say where their chunk starts in the run's output (`logOffset`): the part
/// the server already has is dropped; heartbeats without an offset append everything, as
/// from the original worker.
@Suite struct HeartbeatLogOffsetTests {
    /// A farm with one job picked by `w`, its effects taken.
    static func running() -> (Farm, JobID) {
        var farm = Farm(now: 0)
        let id = farm.add("a")
        #expect(farm.pick("w") == id)
        _ = farm.takeEffects()
        return (farm, id)
    }

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    /// Sends a chunk as `worker`; answers whether the worker keeps the job and what went to the log.
    static func beat(_ farm: inout Farm, _ id: JobID, _ text: String, at offset: Int?, worker: String = "w",
                     now: Double = 2) -> (keep: Bool, logged: [UInt8]) {
        let keep = farm.submit(.heartbeat(WorkerReport(name: worker), job: id, log: bytes(text), progress: nil,
                                          logOffset: offset), now: now).keepsRunning
        var logged: [UInt8] = []
        for effect in farm.takeEffects() {
            if case .appendLog(let job, let part) = effect, job == id { logged += part }
        }
        return (keep, logged)
    }

    @Test func withoutAnOffsetEveryChunkIsAppendedAsBefore() {
        var (farm, id) = Self.running()
        let revision = farm.revision
        #expect(Self.beat(&farm, id, "line 1\n", at: nil) == (true, Self.bytes("line 1\n")))
        #expect(Self.beat(&farm, id, "line 1\n", at: nil) == (true, Self.bytes("line 1\n")))
        #expect(farm.job(id)?.outputAcknowledged == 0)
        #expect(farm.revision == revision, "plain output is still not persisted state")
    }

    @Test func anExactResendIsDroppedButStillAHeartbeat() {
        var (farm, id) = Self.running()
        #expect(Self.beat(&farm, id, "line 1\nline 2\n", at: 0) == (true, Self.bytes("line 1\nline 2\n")))
        let resent = Self.beat(&farm, id, "line 1\nline 2\n", at: 0, now: 5)
        #expect(resent.keep)
        #expect(resent.logged.isEmpty)
        #expect(farm.job(id)?.pingTime == 5)
        #expect(Self.beat(&farm, id, "line 3\n", at: 14) == (true, Self.bytes("line 3\n")))
    }

    @Test func aPartialOverlapKeepsOnlyTheNewBytes() {
        var (farm, id) = Self.running()
        _ = Self.beat(&farm, id, "line 1\nline 2\n", at: 0)
        // A new worker process resumes from the start of line 2, with more output.
        #expect(Self.beat(&farm, id, "line 2\nline 3\n", at: 7).logged == Self.bytes("line 3\n"))
        // A cut inside a line keeps the rest of it.
        #expect(Self.beat(&farm, id, "ne 3\nline 4\n", at: 16).logged == Self.bytes("line 4\n"))
    }

    @Test func aChunkEntirelyBeforeWhatTheServerHasIsDropped() {
        var (farm, id) = Self.running()
        _ = Self.beat(&farm, id, "aaaa", at: 0)
        _ = Self.beat(&farm, id, "bbbb", at: 4)
        #expect(Self.beat(&farm, id, "aabb", at: 2) == (true, []))
        #expect(Self.beat(&farm, id, "", at: 3) == (true, []))
        #expect(Self.beat(&farm, id, "cc", at: 8).logged == Self.bytes("cc"))
    }

    @Test func aGapIsAppendedWholeAndCountedFrom() {
        var (farm, id) = Self.running()
        _ = Self.beat(&farm, id, "ab", at: 0)
        #expect(Self.beat(&farm, id, "yz", at: 10).logged == Self.bytes("yz"))
        #expect(farm.job(id)?.outputAcknowledged == 10)
        #expect(Self.beat(&farm, id, "yz!", at: 10).logged == Self.bytes("!"))
    }

    @Test func theTakeOverScenario() {
        // A worker delivered two chunks, was killed before it recorded the second as
        // delivered; the next process of the same name sends it again with what followed.
        var (farm, id) = Self.running()
        let banner = "* START\n"
        _ = Self.beat(&farm, id, banner + "line 1\n", at: 0)
        _ = Self.beat(&farm, id, "line 2\n", at: 15)
        let resumed = Self.beat(&farm, id, "line 2\nline 3\n", at: 15)
        #expect(resumed == (true, Self.bytes("line 3\n")))
    }

    @Test func aNegativeOffsetCountsAsNone() {
        var (farm, id) = Self.running()
        #expect(Self.beat(&farm, id, "x\n", at: -1).logged == Self.bytes("x\n"))
        #expect(Self.beat(&farm, id, "x\n", at: -1).logged == Self.bytes("x\n"))
        #expect(farm.job(id)?.outputAcknowledged == 0)
    }

    @Test func anOffsetNearTheLimitDoesNotOverflow() {
        var (farm, id) = Self.running()
        #expect(Self.beat(&farm, id, "x\n", at: Int.max).logged == Self.bytes("x\n"))
        #expect(Self.beat(&farm, id, "x\n", at: Int.max).keep)
        #expect(farm.job(id)?.outputAcknowledged == Int.max)
    }

    @Test func anotherWorkersHeartbeatChangesNothing() {
        var (farm, id) = Self.running()
        _ = Self.beat(&farm, id, "mine\n", at: 0)
        let other = Self.beat(&farm, id, "theirs\n", at: 40, worker: "intruder")
        #expect(other == (false, []))
        #expect(farm.job(id)?.outputAcknowledged == 0)
        #expect(Self.beat(&farm, id, "mine\nmore\n", at: 0).logged == Self.bytes("more\n"))
    }

    @Test func progressIsReadFromTheNewBytesOnly() {
        var (farm, id) = Self.running()
        _ = Self.beat(&farm, id, "PROGRESS:10\n", at: 0)
        #expect(farm.job(id)?.localProgress == 0.1)
        farm.submit(.reportProgress(job: id, activity: farm.currentRun(of: id)!, progress: 0.3, status: nil), now: 3)
        // The resent PROGRESS:10 is not read again (it would move the progress back).
        #expect(Self.beat(&farm, id, "PROGRESS:10\nframe\n", at: 0).logged == Self.bytes("frame\n"))
        #expect(farm.job(id)?.localProgress == 0.3)
    }

    @Test func aNewRunCountsFromZero() {
        var (farm, id) = Self.running()
        _ = Self.beat(&farm, id, "run 1\n", at: 0)
        _ = Self.beat(&farm, id, "more\n", at: 6)
        #expect(farm.job(id)?.outputAcknowledged == 6)
        // Reset while running: 0 outside a run, and the next run starts from zero.
        farm.submit(.resetJobs([id]), now: 3)
        _ = farm.takeEffects()
        #expect(farm.job(id)?.outputAcknowledged == 0)
        #expect(farm.pick("w", now: 4) == id)
        _ = farm.takeEffects()
        #expect(Self.beat(&farm, id, "run 1\n", at: 0, now: 5).logged == Self.bytes("run 1\n"))
        _ = Self.beat(&farm, id, "again\n", at: 6, now: 5)
        #expect(farm.job(id)?.outputAcknowledged == 6)
        farm.submit(.endJob(WorkerReport(name: "w"), job: id, exitCode: 0), now: 6)
        #expect(farm.stateOf(id) == .finished)
        #expect(farm.job(id)?.outputAcknowledged == 0, "0 once the run ended")
    }

    @Test func onlyAnAdvancingOffsetIsPersistedState() {
        var (farm, id) = Self.running()
        let start = farm.revision
        _ = Self.beat(&farm, id, "line 1\n", at: 0)
        #expect(farm.revision == start, "nothing acknowledged yet")
        _ = Self.beat(&farm, id, "line 2\n", at: 7)
        #expect(farm.revision != start, "the worker has had 7 bytes acknowledged")
        let advanced = farm.revision
        _ = Self.beat(&farm, id, "line 2\n", at: 7)
        #expect(farm.revision == advanced)
    }

    @Test func replayOfTheRecordsGivesTheSameCount() throws {
        var (farm, id) = Self.running()
        let base = farm.state
        var records: [FarmOperation] = []
        for (text, offset) in [("a\n", 0), ("b\n", 2), ("b\nc\n", 2), ("d\n", 6)] {
            let op = FarmOperation(time: 3, change: .heartbeat(WorkerReport(name: "w"), job: id, log: Self.bytes(text),
                                                               progress: nil, logOffset: offset))
            records += farm.apply(op).records
        }
        #expect(records.allSatisfy {
            if case .heartbeat(_, _, let log, _, let offset) = $0.change { return log.isEmpty && offset != nil }
            return false
        })
        var replayed = Farm(restoring: base, now: 0)
        for record in records { try replayed.replay(record) }
        #expect(records.count == 2, "only the heartbeats that moved the acknowledged offset")
        #expect(replayed.job(id)?.outputAcknowledged == 6)
        #expect(replayed.job(id)?.outputAcknowledged == farm.job(id)?.outputAcknowledged)
        // The replayed farm drops a resend of anything before the last chunk's start.
        #expect(Self.beat(&replayed, id, "c\n", at: 4).logged.isEmpty)
    }

    @Test func aRestartedServerTakesAgainOnlyTheLastChunk() {
        // After a restart the server trusts what the worker proved it had acknowledged: the
        // last chunk's text may not have reached the log before the crash, so it is taken
        // again; anything before it is still dropped.
        var (farm, id) = Self.running()
        _ = Self.beat(&farm, id, "a\n", at: 0)
        _ = Self.beat(&farm, id, "b\n", at: 2)
        var restarted = Farm(restoring: farm.state, now: 10)
        #expect(Self.beat(&restarted, id, "a\nb\n", at: 0, now: 11).logged == Self.bytes("b\n"))
        #expect(Self.beat(&restarted, id, "b\n", at: 2, now: 12).logged.isEmpty)
        #expect(Self.beat(&restarted, id, "b\nc\n", at: 2, now: 13).logged == Self.bytes("c\n"))
    }
}
