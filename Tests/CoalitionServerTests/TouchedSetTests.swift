import CoalitionCore
import CoalitionStore
import Foundation
import Logging
import Testing
@testable import CoalitionServer

/// A farm and its clock, changed as the server changes it.
struct TouchFixture {
    var farm = Farm(now: 0)
    var now = 1.0

    /// Applies `change` (after the timeout pass when due) and returns what it touched.
    mutating func touched(_ change: FarmChange) -> TouchedSet {
        now += 1
        var records: [FarmOperation] = []
        if farm.timeoutPassDue(at: now) {
            records += farm.apply(FarmOperation(time: now, change: .timeoutPass)).records
        }
        let detached = TouchedSet.detached(by: change, in: farm)
        records += farm.apply(FarmOperation(time: now, change: change)).records
        return TouchedSet(records: records, in: farm, detached: detached)
    }

    mutating func add(_ title: String, under parent: JobID = 0) -> JobID {
        var spec = NewJob()
        spec.title = title
        spec.command = "run"
        return farm.apply(FarmOperation(time: now, change: .addJob(spec, parent: .id(parent), requester: "", id: nil)))
            .result.addedID
    }
}

/// What the change stream names for each kind of farm change, computed as the server does:
/// `detached` read before the change, the rest from its records and the farm after it.
@Suite struct TouchedSetTests {
    static let w1 = WorkerReport(name: "w1")

    @Test func addJobNamesTheNewJobAndItsAncestors() {
        var f = TouchFixture()
        let group = f.add("group")
        var spec = NewJob()
        spec.command = "run"
        let t = f.touched(.addJob(spec, parent: .reference(String(group)), requester: "", id: nil))
        #expect(t.jobs == [0, group, group + 1])
        #expect(t.workers.isEmpty && t.totals)
    }

    @Test func aRefusedChangeNamesNothing() {
        var f = TouchFixture()
        let t = f.touched(.addJob(NewJob(), parent: .reference("99"), requester: "", id: nil))
        #expect(t == TouchedSet())
        let u = f.touched(.pauseJobs([42]))
        #expect(u == TouchedSet())
    }

    @Test func pickHeartbeatAndEndNameTheRunAndTheWorker() {
        var f = TouchFixture()
        let group = f.add("group")
        let leaf = f.add("leaf", under: group)
        let pick = f.touched(.pickJob(Self.w1, choice: nil))
        #expect(pick.jobs == [0, group, leaf] && pick.workers == ["w1"] && pick.totals)
        let beat = f.touched(.heartbeat(Self.w1, job: leaf, log: [], progress: ProgressValues(local: 0.5, global: nil)))
        #expect(beat.jobs == [0, group, leaf] && beat.workers == ["w1"])
        // The same progress again changes nothing durable: no record, nothing named.
        let same = f.touched(.heartbeat(Self.w1, job: leaf, log: [], progress: ProgressValues(local: 0.5, global: nil)))
        #expect(same == TouchedSet())
        let end = f.touched(.endJob(Self.w1, job: leaf, exitCode: 0))
        #expect(end.jobs == [0, group, leaf] && end.workers == ["w1"])
        // A waiting worker that finds nothing changes nothing durable.
        let nothing = f.touched(.pickJob(Self.w1, choice: nil))
        #expect(nothing == TouchedSet())
    }

    @Test func aHeartbeatForARunTheWorkerDoesNotOwnNamesOnlyTheWorker() {
        var f = TouchFixture()
        let leaf = f.add("leaf")
        _ = f.touched(.pickJob(Self.w1, choice: nil))
        let t = f.touched(.heartbeat(WorkerReport(name: "w2"), job: leaf, log: [], progress: nil))
        #expect(t.jobs.isEmpty && t.workers == ["w2"])
    }

    @Test func movingNamesTheOldAndTheNewAncestors() {
        var f = TouchFixture()
        let a = f.add("a"), b = f.add("b")
        let inner = f.add("inner", under: a)
        let leaf = f.add("leaf", under: inner)
        let t = f.touched(.moveJobs([leaf], to: b))
        #expect(t.jobs == [0, a, inner, b, leaf])
    }

    @Test func removingNamesTheOldAncestors() {
        var f = TouchFixture()
        let a = f.add("a")
        let inner = f.add("inner", under: a)
        let leaf = f.add("leaf", under: inner)
        let t = f.touched(.removeJobs([leaf]))
        #expect(t.jobs == [0, a, inner, leaf] && t.totals)
        let children = f.touched(.removeChildren(of: a))
        #expect(children.jobs == [0, a])
    }

    @Test func updatesNameTheirJobsWithoutTotals() {
        var f = TouchFixture()
        let leaf = f.add("leaf")
        let t = f.touched(.updateJobs([leaf], [JobProperty("Title", "x")]))
        #expect(t.jobs == [0, leaf] && !t.totals)
        _ = f.touched(.pickJob(Self.w1, choice: .nothing))
        let w = f.touched(.updateWorkers(["w1"], [JobProperty("Affinity", "gpu")]))
        #expect(w.jobs.isEmpty && w.workers == ["w1"] && !w.totals)
    }

    @Test func stoppingAWorkerNamesTheRunItLeaves() {
        var f = TouchFixture()
        let group = f.add("group")
        let leaf = f.add("leaf", under: group)
        _ = f.touched(.pickJob(Self.w1, choice: nil))
        let t = f.touched(.stopWorkers(["w1"]))
        #expect(t.jobs == [0, group, leaf] && t.workers == ["w1"])
        #expect(f.farm.job(leaf)?.state == .waiting)
    }

    @Test func aRestartedWorkerNamesTheRunItHeldAndTheNewOne() throws {
        var f = TouchFixture()
        let first = f.add("first")
        _ = f.add("second")
        _ = f.touched(.pickJob(Self.w1, choice: .job(first)))
        let t = f.touched(.pickJob(Self.w1, choice: nil))
        let picked = try #require(f.farm.worker("w1")?.lastJob)
        #expect(t.jobs == [0, first, picked])
        #expect(f.farm.job(first)?.state == .waiting || picked == first)
    }

    @Test func theTimeoutPassNamesWhatExpired() {
        var f = TouchFixture()
        let group = f.add("group")
        let leaf = f.add("leaf", under: group)
        _ = f.touched(.pickJob(Self.w1, choice: nil))
        f.now += 1000
        let t = f.touched(.pickJob(WorkerReport(name: "w2"), choice: .nothing))
        #expect(t.jobs.isSuperset(of: [0, group, leaf]))
        #expect(t.workers == ["w1", "w2"] && t.totals)
    }
}

/// Every door of the server reaches the change stream.
@Suite struct ChangeFeedTests {
    @Test func submittedChangesArePublished() async throws {
        let dir = NSTemporaryDirectory() + "coalition-feed-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let hub = ChangeHub()
        let service = FarmService(farm: Farm(now: 0), journal: nil, journalDirectory: .init(dataDirectory: dir),
                                  recoveredSequence: 0, logs: LogStore(directory: dir + "/logs"),
                                  notifier: Notifier(logger: Logger(label: "test"), smtp: nil), changes: hub)
        let subscription = try #require(hub.subscribe(lastEventID: nil))
        defer { subscription.close() }
        var frames = subscription.frames.makeAsyncIterator()
        _ = await frames.next()   // retry
        _ = await frames.next()   // position
        var spec = NewJob()
        spec.command = "run"
        let id = await service.submit(.addJob(spec, parent: .reference("0"), requester: "", id: nil)).addedID
        _ = await service.submit(.pickJob(WorkerReport(name: "w1"), choice: nil))
        hub.flush()
        let frame = String(decoding: try #require(await frames.next()), as: UTF8.self)
        #expect(frame.contains("\"jobs\":[0,\(id)],\"workers\":[\"w1\"],\"totals\":true"))
        // A read changes nothing: no event.
        _ = await service.read { farm, _ in farm.workerList().count }
        hub.flush()
        _ = await service.submit(.pauseJobs([99]))
        hub.flush()
        _ = await service.submit(.updateJobs([id], [JobProperty("Title", "t")]))
        hub.flush()
        let next = String(decoding: try #require(await frames.next()), as: UTF8.self)
        #expect(next.contains("\"jobs\":[0,\(id)],\"workers\":[],\"totals\":false"))
    }
}
