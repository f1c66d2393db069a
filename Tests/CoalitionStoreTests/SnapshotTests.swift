import CoalitionCore
import Foundation
import Testing
@testable import CoalitionStore

@Suite struct SnapshotTests {
    func sampleFarm() -> Farm {
        var farm = Farm(now: 100)
        var group = NewJob()
        group.title = "shot 12 — été"
        group.request = ResourceRequest(cores: 4, memory: nil, gpus: 1)
        let g = farm.submit(.addJob(group, parent: .id(0), requester: "", id: nil), now: 100).addedID
        for i in 0..<20 {
            var spec = NewJob()
            spec.title = "frame \(i)"
            spec.command = "render -f \(i) 'scene.ma'\n"
            spec.environment = i % 2 == 0 ? "A=1\\nB=2" : nil
            spec.dependencies = i > 0 ? [g + i] : []
            spec.localProgressPattern = i % 3 == 0 ? "F %one" : nil
            _ = farm.submit(.addJob(spec, parent: .id(g), requester: "", id: nil), now: 100).addedID
        }
        _ = farm.submit(.pickJob(WorkerReport(name: "n1-1", ip: "127.0.0.1", load: [12, 40], freeMemory: 100, totalMemory: 200), choice: nil), now: 101).assignment
        farm.submit(.endJob(WorkerReport(name: "n1-1"), job: g + 1, exitCode: 0), now: 102)
        let second = farm.submit(.pickJob(WorkerReport(name: "n1-2"), choice: nil), now: 103).assignment!
        farm.submit(.reportProgress(job: second.id, activity: second.activity, progress: 0.5, status: "frame 2 of 4"), now: 104)
        let host = HostResources(free: Resources(cores: 16, memory: 1000, gpus: 2), capacity: Resources(cores: 16, memory: 1000, gpus: 2))
        _ = farm.submit(.pickJob(WorkerReport(name: "n2-1", resources: host), choice: nil), now: 105).assignment
        farm.submit(.heartbeat(WorkerReport(name: "n3-1", nimby: "user active"), job: nil, log: [], progress: nil), now: 106)
        return farm
    }

    @Test func roundTrip() throws {
        let farm = sampleFarm()
        let bytes = SnapshotCodec.encode(farm.state)
        let decoded = try SnapshotCodec.decode(bytes)
        // Derived fields (aggregates, sibling order) are rebuilt at load, not stored.
        func persisted(_ j: Job) -> Job {
            var p = j
            p.seq = 0
            p.tally = Tally()
            p.directFinished = 0
            p.directErrors = 0
            p.directWorking = 0
            return p
        }
        let sameJobs = decoded.jobs.count == farm.state.jobs.count &&
            farm.state.jobs.allSatisfy { id, job in decoded.jobs[id].map(persisted) == persisted(job) }
        #expect(sameJobs)
        #expect(decoded.workers == farm.state.workers)
        #expect(decoded.activities == farm.state.activities)
        #expect(decoded.nextJobID == farm.state.nextJobID)
        #expect(decoded.nextActivityID == farm.state.nextActivityID)
        let restored = Farm(restoring: decoded, now: 200)
        let sameAggregates = farm.state.jobs.allSatisfy { id, job in restored.state.jobs[id]?.tally.total == job.tally.total }
        #expect(sameAggregates)
        #expect(restored.nextJob(forAffinity: "") == farm.nextJob(forAffinity: ""))
    }

    @Test func jobsSpanningSeveralBlocksRoundTrip() throws {
        let span = JobStore.idsPerBlock
        var jobs = JobStore()
        var root = Job(id: 0, parent: nil, title: "Root", now: 0)
        let ids = [1, 2, span - 1, span, 2 * span + 5, 5 * span]
        root.children = ids
        jobs[0] = root
        for id in ids { jobs[id] = Job(id: id, parent: 0, title: "job \(id)", command: "true", now: 0) }
        let state = FarmState(jobs: jobs, workers: [:], activities: [:], nextJobID: 5 * span + 1, nextActivityID: 0)
        let decoded = try SnapshotCodec.decode(SnapshotCodec.encode(state))
        #expect(decoded.jobs == jobs && decoded.nextJobID == 5 * span + 1)
    }

    @Test func readsVersion5Snapshots() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/snapshot-v5/master_db").path
        let bytes = try #require(FileManager.default.contents(atPath: path).map { Array($0) })
        #expect(bytes[8] == 5)
        let state = try SnapshotCodec.decode(bytes)
        #expect(state.jobs.count == 6 && state.nextJobID == 6)
        #expect(state.jobs[1]?.title == "shot 10" && state.jobs[1]?.children == [2, 3, 4])
        #expect((2...4).map { state.jobs[$0]?.command } == ["echo 1", "echo 2", "echo 3"])
        #expect(state.jobs[5]?.dependencies == [1] && state.jobs[4]?.state == .working && state.jobs[4]?.worker == "node-a")
        let farm = Farm(restoring: state, now: 10)
        #expect(farm.nextJob(forAffinity: "") == 3)
    }

    @Test func overlappingJobBlocksAreDamage() throws {
        // Two blocks each holding job 1: a file this server never writes.
        var jobs = JobStore()
        jobs[0] = Job(id: 0, parent: nil, title: "Root", now: 0)
        jobs[1] = Job(id: 1, parent: 0, now: 0)
        var w = ByteWriter()
        SnapshotCodec.encodeJobBlocks(jobs, &w)
        var one = ByteWriter()
        SnapshotCodec.encode(jobs[1]!, &one)
        // Rewrite: total 3 jobs, 2 blocks: the original block, then a block with job 1 again.
        var r = ByteReader(w.bytes)
        _ = try r.count()
        _ = try r.count()
        let firstCount = try r.count()
        let firstLength = try r.count()
        var damaged = ByteWriter()
        damaged.uvarint(3)
        damaged.uvarint(2)
        damaged.uvarint(UInt64(firstCount))
        damaged.uvarint(UInt64(firstLength))
        damaged.bytes.append(contentsOf: w.bytes[r.offset...])
        damaged.uvarint(1)
        damaged.uvarint(UInt64(one.bytes.count))
        damaged.bytes.append(contentsOf: one.bytes)
        var reader = ByteReader(damaged.bytes)
        #expect(throws: SnapshotError.self) { try SnapshotCodec.decodeJobBlocks(&reader, version: SnapshotCodec.version) }
    }

    @Test func everyTruncationAndFlipIsDetected() {
        let bytes = SnapshotCodec.encode(sampleFarm().state)
        for cut in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 200)) {
            #expect(throws: SnapshotError.self) { try SnapshotCodec.decode(Array(bytes[0..<cut])) }
        }
        for position in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 200)) {
            var damaged = bytes
            damaged[position] ^= 0x5A
            #expect(throws: SnapshotError.self) { try SnapshotCodec.decode(damaged) }
        }
        #expect(throws: SnapshotError.notASnapshot) { try SnapshotCodec.decode(Array("(dp0\nS'pickle'".utf8)) }
    }

    func tempDir() -> String {
        let dir = NSTemporaryDirectory() + "coalition-store-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func saveRotateAndFallBackToBackup() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let files = SnapshotFiles(directory: dir)
        #expect(try files.load(backups: 3).state == nil, "no master_db: a new farm")
        try files.rotateBackups(keep: 3)
        #expect(!FileManager.default.fileExists(atPath: files.backupPath(1)), "no backup without master_db")

        var farm = sampleFarm()
        try files.save(SnapshotCodec.encode(farm.state))
        try files.rotateBackups(keep: 3)
        _ = farm.submit(.addJob(NewJob(), parent: .id(0), requester: "", id: nil), now: 300).addedID
        try files.save(SnapshotCodec.encode(farm.state))
        #expect(!FileManager.default.fileExists(atPath: files.mainPath + ".part"))
        #expect(try files.load(backups: 3).state?.jobs.count == farm.state.jobs.count)

        // Damage master_db: the backup (one job fewer) is used and the damaged file kept.
        var damaged = files.readFile(files.mainPath)!
        damaged[damaged.count / 2] ^= 0xFF
        try Data(damaged).write(to: URL(fileURLWithPath: files.mainPath))
        let loaded = try files.load(backups: 3)
        #expect(loaded.source == files.backupPath(1))
        #expect(loaded.state?.jobs.count == farm.state.jobs.count - 1)
        #expect(loaded.messages.first?.contains("damaged") == true)
        #expect(FileManager.default.fileExists(atPath: files.mainPath + ".corrupt"))
    }

    @Test func damagedWithoutBackupRefusesToStart() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let files = SnapshotFiles(directory: dir)
        try Data("garbage".utf8).write(to: URL(fileURLWithPath: files.mainPath))
        #expect(throws: SnapshotError.self) { try files.load(backups: 5) }
    }

    @Test func rotationKeepsAtMostBackupMax() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let files = SnapshotFiles(directory: dir)
        var farm = Farm(now: 0)
        for _ in 0..<5 {
            _ = farm.submit(.addJob(NewJob(), parent: .id(0), requester: "", id: nil), now: 1).addedID
            try files.save(SnapshotCodec.encode(farm.state))
            try files.rotateBackups(keep: 2)
        }
        #expect(FileManager.default.fileExists(atPath: files.backupPath(2)))
        #expect(!FileManager.default.fileExists(atPath: files.backupPath(3)))
        #expect(try SnapshotCodec.decode(files.readFile(files.backupPath(1))!).jobs.count == 6)
        #expect(try SnapshotCodec.decode(files.readFile(files.backupPath(2))!).jobs.count == 5)
    }
}

extension Farm {
    /// Applies a change through the farm's door, after the timeout pass when one is due.
    @discardableResult
    mutating func submit(_ change: FarmChange, now: Double) -> OperationResult {
        if timeoutPassDue(at: now) { _ = apply(FarmOperation(time: now, change: .timeoutPass)) }
        return apply(FarmOperation(time: now, change: change)).result
    }
}
