import CoalitionCore
import Foundation
import Testing
@testable import CoalitionStore

/// The output a worker had acknowledged (`logOffset` heartbeats): in journal records and
/// snapshots (since version 7), and absent from older ones.
@Suite struct LogOffsetPersistenceTests {
    /// A version-5 `master_db` written by the server before version 6 existed: jobs 1
    /// ("first", WORKING for `old-1`, which sent one heartbeat) and 2 ("second", WAITING).
    static let version5Snapshot = """
        Q09BTFNOQVAFAAAAAwYCAQVvbGQtMQkxMjcuMC4wLjEAB1dPUktJTkd/K01RwsPaQQAAAgABAAAAAAAAAAAAAAEAAAMEAAAGc2Vj\
        b25kBmVjaG8gMgEuAAdXQUlUSU5HANLgTFHCw9pBAAAAAAAAAADS4ExRwsPaQQAUANAPAAAAAAAAAAAAAQEBAAECAgQEUm9vdAAB\
        LgAHV09SS0lORwAmVEhRwsPaQQAAAAAAAAAAJlRIUcLD2kEAFAACAAAAAAAAAAAAAQEBAgAABWZpcnN0BmVjaG8gMQEuAAdXT1JL\
        SU5HBW9sZC0xQwhNUcLD2kEAAAAAAAAAAH8rTVHCw9pBAhQA0A8AAAAAAAAAAAABAQEBAAVvbGQtMQIFZmlyc3QHV09SS0lOR0MI\
        TVHCw9pBAAAAAAAAAAAAAAAAACkWjlY=
        """

    @Test func heartbeatRecordsKeepTheOffset() throws {
        let report = WorkerReport(name: "n1", ip: "10.0.0.1", load: [1], freeMemory: 10, totalMemory: 20)
        let changes: [FarmChange] = [
            .heartbeat(report, job: 4, log: [], progress: ProgressValues(local: 0.5, global: nil), logOffset: 0),
            .heartbeat(report, job: 4, log: [], progress: ProgressValues(local: nil, global: nil), logOffset: 1 << 40),
            .heartbeat(report, job: 4, log: Array("out\n".utf8), progress: nil, logOffset: 300),
            .heartbeat(WorkerReport(name: "n2", nimby: "user active"), job: nil, log: [], progress: nil, logOffset: 7),
        ]
        for change in changes {
            let op = FarmOperation(time: 12.5, change: change)
            #expect(try OperationCodec.decode(OperationCodec.encode(op)) == op)
        }
    }

    @Test func aRecordWithoutOffsetIsTheOlderRecord() throws {
        let report = WorkerReport(name: "n1", load: [3])
        let progress = ProgressValues(local: 0.25, global: nil)
        let old = OperationCodec.encode(FarmOperation(time: 5, change: .heartbeat(report, job: 4, log: [], progress: progress)))
        let new = OperationCodec.encode(FarmOperation(time: 5, change: .heartbeat(report, job: 4, log: [], progress: progress,
                                                                                    logOffset: 1234)))
        // The offset trails the older layout, which is byte for byte what a record without one is.
        #expect(new.count > old.count && Array(new.prefix(old.count)) == old)
        let decoded = try OperationCodec.decode(old)
        guard case .heartbeat(_, let job, _, let values, let offset) = decoded.change else {
            Issue.record("not a heartbeat: \(decoded)")
            return
        }
        #expect(job == 4 && values == progress && offset == nil)
    }

    @Test func snapshotKeepsTheAcknowledgedOutput() throws {
        var farm = Farm(now: 0)
        var spec = NewJob()
        spec.command = "render"
        let id = farm.apply(FarmOperation(time: 1, change: .addJob(spec, parent: .id(0), requester: "", id: nil))).result.addedID
        _ = farm.apply(FarmOperation(time: 2, change: .pickJob(WorkerReport(name: "w"), choice: nil)))
        for (text, offset) in [("a\n", 0), ("b\n", 2), ("c\n", 4)] {
            _ = farm.apply(FarmOperation(time: 3, change: .heartbeat(WorkerReport(name: "w"), job: id, log: Array(text.utf8),
                                                                     progress: nil, logOffset: offset)))
        }
        #expect(farm.job(id)?.outputAcknowledged == 4)
        let decoded = try SnapshotCodec.decode(SnapshotCodec.encode(farm.state))
        #expect(decoded.jobs[id]?.outputAcknowledged == 4)
        #expect(decoded.jobs[0]?.outputAcknowledged == 0)
        // Restored, the farm drops a resend of what the worker had acknowledged.
        var restored = Farm(restoring: decoded, now: 10)
        _ = restored.takeEffects()
        _ = restored.apply(FarmOperation(time: 11, change: .heartbeat(WorkerReport(name: "w"), job: id,
                                                                     log: Array("b\nc\nd\n".utf8), progress: nil, logOffset: 2)))
        #expect(restored.takeEffects() == [.appendLog(id, Array("c\nd\n".utf8))])
    }

    @Test func aJobBeforeVersion7EndsWithItsRequest() throws {
        // Versions 5 and 6 write the same job record, without the acknowledged output.
        var job = Job(id: 12, parent: 0, title: "frame", command: "render", now: 5)
        job.request = ResourceRequest(cores: 2, memory: nil, gpus: nil)
        var w = ByteWriter()
        SnapshotCodec.encode(job, &w)
        #expect(w.bytes.last == 0, "outputAcknowledged 0 is one byte")
        for version: UInt32 in [5, 6] {
            var r = ByteReader(Array(w.bytes.dropLast()))
            let (jobs, _) = try SnapshotCodec.decodeJobs(&r, count: 1, version: version)
            #expect(r.offset == r.end)
            #expect(jobs[12] == job)
        }
        job.outputAcknowledged = 300
        var current = ByteWriter()
        SnapshotCodec.encode(job, &current)
        var r = ByteReader(current.bytes)
        let (jobs, _) = try SnapshotCodec.decodeJobs(&r, count: 1, version: SnapshotCodec.version)
        #expect(r.offset == r.end && jobs[12] == job)
    }

    @Test func aVersion5SnapshotLoadsWithNothingAcknowledged() throws {
        let bytes = try #require(Data(base64Encoded: Self.version5Snapshot)).map { $0 }
        let (state, _) = try SnapshotCodec.decodeWithSequence(bytes)
        #expect(state.jobs.count == 3)
        let first = try #require(state.jobs[1])
        #expect(first.title == "first" && first.state == .working && first.worker == "old-1")
        #expect(state.jobs[2]?.title == "second" && state.jobs[2]?.state == .waiting)
        for id in 0...2 { #expect(state.jobs[id]?.outputAcknowledged == 0) }
        // The running job accepts numbered output from its first byte on.
        var farm = Farm(restoring: state, now: 10)
        _ = farm.takeEffects()
        _ = farm.apply(FarmOperation(time: 11, change: .heartbeat(WorkerReport(name: "old-1"), job: 1,
                                                                 log: Array("hello\n".utf8), progress: nil, logOffset: 6)))
        #expect(farm.takeEffects() == [.appendLog(1, Array("hello\n".utf8))])
        // Written again, it is a current file with the new field.
        let again = SnapshotCodec.encode(farm.state)
        #expect(Array(again[8..<12]) == [7, 0, 0, 0])
        #expect(try SnapshotCodec.decode(again).jobs[1]?.outputAcknowledged == 6)
    }
}
