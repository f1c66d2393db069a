import CoalitionCore
import Foundation
import Testing
@testable import CoalitionStore

@Suite struct JournalTests {
    static func operation(_ n: Int) -> FarmOperation {
        var spec = NewJob()
        spec.title = "job \(n)"
        spec.command = "render \(n)"
        return FarmOperation(time: 1000 + Double(n), change: .addJob(spec, parent: .id(0), requester: "", id: n + 1))
    }

    /// A segment of `count` records numbered from `first`, with each record's offset.
    static func segment(_ count: Int, first: UInt64 = 1) -> (bytes: [UInt8], offsets: [Int]) {
        var bytes = JournalFormat.header()
        var offsets: [Int] = []
        for i in 0..<count {
            offsets.append(bytes.count)
            JournalFormat.appendRecord(operation(i), sequence: first + UInt64(i), to: &bytes)
        }
        return (bytes, offsets)
    }

    @Test func everyOperationRoundTrips() throws {
        var spec = NewJob()
        spec.environment = "A=1"
        spec.dependencies = [3, 4]
        spec.localProgressPattern = "P%percent"
        spec.paused = true
        var ruled = NewJob()
        ruled.rules.maxWorkerErrors = 3
        ruled.rules.forgiveTime = 0
        ruled.rules.limits = ["nuke", "gpu"]
        ruled.rules.stallTimeout = 60
        let report = WorkerReport(name: "n1", ip: "10.0.0.1", load: [1, 2.5], freeMemory: 10, totalMemory: 20)
        var requesting = NewJob()
        requesting.request = ResourceRequest(cores: 4, memory: nil, gpus: 0)
        requesting.paused = true
        let host = WorkerReport(name: "n2", freeMemory: 5, resources: HostResources(
            free: Resources(cores: 12, memory: 30000, gpus: 1), capacity: Resources(cores: 16, memory: 64000, gpus: 2)),
            nimby: "user active")
        let changes: [FarmChange] = [
            .addJob(spec, parent: .reference("a|b"), requester: "alice", id: nil),
            .addJob(NewJob(), parent: .id(7), requester: "", id: 9),
            .addJobTree(NewJob(), children: [spec, NewJob()], parent: .reference("shots"), requester: "bob", id: nil),
            .addJobTree(spec, children: [], parent: .id(3), requester: "", id: 11),
            .pauseJobs([1, 2]), .startJobs([3]), .resetJobs([4]), .resetErrorJobs([5]),
            .moveJobs([6], to: 7), .removeJobs([8]), .removeChildren(of: 9),
            .updateJobs([1], [JobProperty("Title", "é"), JobProperty("Priority", "3")]),
            .stopWorkers(["a"]), .startWorkers(["b"]), .removeWorkers(["c", "d"]), .removeAllWorkers,
            .updateWorkers(["a"], [JobProperty("Affinity", "linux")]),
            .pickJob(report, choice: nil), .pickJob(WorkerReport(name: "x"), choice: .nothing),
            .pickJob(report, choice: .job(12)),
            .heartbeat(report, job: 4, log: Array("out\n".utf8), progress: nil),
            .heartbeat(WorkerReport(name: "y"), job: nil, log: [], progress: ProgressValues(local: 0.5, global: nil)),
            .reportProgress(job: 4, activity: 9, progress: 0.5, status: "frame 12"),
            .reportProgress(job: 4, activity: 9, progress: 1, status: nil),
            .endJob(report, job: 4, exitCode: 0), .endJob(report, job: nil, exitCode: nil),
            .addJob(requesting, parent: .id(1), requester: "", id: 10),
            .pickJob(host, choice: .job(3)), .pickJob(host, choice: nil),
            .heartbeat(WorkerReport(name: "n2", nimby: "user active 3 s ago"), job: nil, log: [], progress: nil),
            .requeueJob(host, job: 3, reason: "outside nimbyschedule"), .requeueJob(report, job: nil, reason: ""),
            .timeoutPass, .expire([.silentRun(1, worker: "a"), .overtime(2, worker: "b"), .silentWorker("c")]),
            .addJob(ruled, parent: .id(0), requester: "", id: 3),
            .expire([.stalled(5, worker: "d")]), .setLimit(name: "nuke", max: 10), .clearBlocklist([1, 2]),
            .dropActivities(through: 41), .dropActivities(through: 1 << 40),
        ]
        for change in changes {
            let op = FarmOperation(time: 12.5, change: change)
            #expect(try OperationCodec.decode(OperationCodec.encode(op)) == op)
        }
    }

    @Test func emptyJournalHasNoRecords() throws {
        let scan = try JournalFormat.scan(JournalFormat.header())
        #expect(scan.records.isEmpty && !scan.tornTail)
        let nothing = try JournalFormat.scan([])
        #expect(nothing.records.isEmpty && !nothing.tornTail)
        // A header cut short by a crash is an empty segment too.
        let cut = try JournalFormat.scan(Array(JournalFormat.header().prefix(5)))
        #expect(cut.records.isEmpty)
    }

    @Test func tornTailAtEveryByteOfTheLastRecordIsDropped() throws {
        let (bytes, offsets) = Self.segment(4)
        let last = offsets[3]
        for cut in (last + 1)..<bytes.count {
            let scan = try JournalFormat.scan(Array(bytes[0..<cut]))
            #expect(scan.records.count == 3, "cut at \(cut)")
            #expect(scan.intactEnd == last && scan.tornTail, "cut at \(cut)")
        }
        // Cut exactly between records: nothing torn.
        let clean = try JournalFormat.scan(Array(bytes[0..<last]))
        #expect(clean.records.count == 3 && !clean.tornTail)
    }

    @Test func zeroFilledTailIsTorn() throws {
        // A crash can leave the file longer than its written data, the rest zeros.
        let (bytes, offsets) = Self.segment(3)
        var damaged = Array(bytes[0..<offsets[2] + 10])
        damaged += [UInt8](repeating: 0, count: 4096)
        let scan = try JournalFormat.scan(damaged)
        #expect(scan.records.count == 2 && scan.tornTail)
    }

    @Test func flippedByteInAMiddleRecordIsDamage() {
        let (bytes, offsets) = Self.segment(5)
        for position in [offsets[1] + 2, offsets[2] + 13, offsets[3] - 1] {
            var damaged = bytes
            damaged[position] ^= 0x20
            #expect(throws: JournalFormat.Damage.self, "flip at \(position)") { try JournalFormat.scan(damaged) }
        }
    }

    @Test func foreignOrNewerFilesAreRefused() {
        var newer = Self.segment(1).bytes
        newer[8] = 2
        #expect(throws: JournalFormat.Damage.self) { try JournalFormat.scan(newer) }
        #expect(throws: JournalFormat.Damage.self) { try JournalFormat.scan(Array("hello, this is not a journal".utf8)) }
    }

    // MARK: recovery over segment files

    static func directory() -> (JournalDirectory, String) {
        let path = NSTemporaryDirectory() + "coalition-journal-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let dir = JournalDirectory(dataDirectory: path)
        try? dir.create()
        return (dir, path)
    }

    static func write(_ bytes: [UInt8], _ path: String) {
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
    }

    static func read(_ path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path).map { Array($0) }
    }

    @Test func recoveryReplaysOnlyWhatFollowsTheSnapshot() throws {
        let (dir, root) = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        Self.write(Self.segment(5, first: 1).bytes, dir.segmentPath(firstSequence: 1))
        Self.write(Self.segment(3, first: 6).bytes, dir.segmentPath(firstSequence: 6))
        let plan = try JournalRecovery.plan(dir, snapshotSequence: 4, read: Self.read)
        #expect(plan.records.map(\.sequence) == [5, 6, 7, 8])
        #expect(plan.lastSequence == 8)
    }

    @Test func journalOlderThanTheSnapshotReplaysNothing() throws {
        let (dir, root) = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        Self.write(Self.segment(5, first: 1).bytes, dir.segmentPath(firstSequence: 1))
        let plan = try JournalRecovery.plan(dir, snapshotSequence: 9, read: Self.read)
        #expect(plan.records.isEmpty)
        #expect(plan.lastSequence == 9)
    }

    @Test func aGapAfterTheSnapshotStopsRecovery() {
        let (dir, root) = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        Self.write(Self.segment(3, first: 10).bytes, dir.segmentPath(firstSequence: 10))
        #expect(throws: JournalRecovery.Failure.self) {
            try JournalRecovery.plan(dir, snapshotSequence: 4, read: Self.read)
        }
    }

    @Test func tornTailOnlyInTheLastSegment() throws {
        let (dir, root) = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let first = Self.segment(3, first: 1).bytes
        Self.write(Array(first.dropLast(3)), dir.segmentPath(firstSequence: 1))
        let plan = try JournalRecovery.plan(dir, snapshotSequence: 0, read: Self.read)
        #expect(plan.records.count == 2 && plan.tornTail != nil && !plan.messages.isEmpty)
        // The same torn segment followed by another one is damage, not a crash.
        Self.write(Self.segment(1, first: 3).bytes, dir.segmentPath(firstSequence: 3))
        #expect(throws: JournalRecovery.Failure.self) {
            try JournalRecovery.plan(dir, snapshotSequence: 0, read: Self.read)
        }
    }

    @Test func cuttingATornTailKeepsTheBytes() throws {
        let (dir, root) = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let path = dir.segmentPath(firstSequence: 1)
        let bytes = Self.segment(3, first: 1).bytes
        Self.write(Array(bytes.dropLast(3)), path)
        let plan = try JournalRecovery.plan(dir, snapshotSequence: 0, read: Self.read)
        let torn = try #require(plan.tornTail)
        try dir.cutTornTail(of: torn.segment, at: torn.length, bytes: torn.bytes)
        #expect(Self.read(path)?.count == torn.length)
        #expect(Self.read(path + ".torn")?.count == bytes.count - 3 - torn.length)
        let again = try JournalRecovery.plan(dir, snapshotSequence: 0, read: Self.read)
        #expect(again.records.count == 2 && again.tornTail == nil)
    }

    @Test func savedSnapshotsRemoveTheSegmentsTheyHold() {
        let (dir, root) = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        Self.write(Self.segment(3, first: 1).bytes, dir.segmentPath(firstSequence: 1))
        Self.write(Self.segment(3, first: 4).bytes, dir.segmentPath(firstSequence: 4))
        Self.write(Self.segment(1, first: 7).bytes, dir.segmentPath(firstSequence: 7))
        dir.removeSegments(containedIn: 5)
        #expect(dir.segments().map(\.firstSequence) == [4, 7])
        dir.removeSegments(containedIn: 7)
        #expect(dir.segments().map(\.firstSequence) == [7])
    }
}

/// The scheduling state of a version 3 snapshot survives a save and a load.
@Suite struct SchedulingSnapshotTests {
    @Test func schedulingStateRoundTrips() throws {
        var state = FarmState(now: 0)
        var job = Job(id: 1, parent: 0, now: 0)
        job.rules.maxWorkerErrors = 2
        job.rules.limits = ["lic"]
        job.state = .working
        state.jobs[1] = job
        state.jobs[0]!.children = [1]
        state.nextJobID = 2
        var worker = Worker(name: "w", now: 0)
        worker.health.failureStreak = 1
        worker.health.sickUntil = 55
        state.workers["w"] = worker
        state.limitMaxima["lic"] = 4
        state.heldLimits[1] = ["lic"]
        state.blocklists[1] = [BlockEntry(worker: "w", errors: 2, until: .infinity)]
        let back = try SnapshotCodec.decode(SnapshotCodec.encode(state))
        #expect(back.jobs[1]?.rules == job.rules)
        #expect(back.workers["w"]?.health == worker.health)
        #expect(back.limitMaxima["lic"] == 4)
        #expect(back.heldLimits[1] == ["lic"])
        #expect(back.blocklists[1] == state.blocklists[1])
    }
}
