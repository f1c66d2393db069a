import CoalitionCore
import CoalitionStore
import Foundation
import Logging
import Synchronization
import Testing
@testable import CoalitionServer

/// The writer's own paths: records written by the appending thread, records queued behind
/// a segment switch, and both read back in order by recovery.
@Suite struct JournalWriterTests {
    static func operation(_ i: Int) -> FarmOperation {
        FarmOperation(time: Double(i), change: i.isMultiple(of: 2) ? .pauseJobs([i]) : .startJobs([i, i + 1]))
    }

    /// Appends `count` single records, switching segments every `every` records the way a
    /// snapshot does, and waits for each to be durable; answers what recovery reads back.
    static func writeAndRecover(mode: JournalMode, count: Int, every: Int) throws -> JournalRecovery.Plan {
        let dir = NSTemporaryDirectory() + "coalition-journal-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let journal = JournalDirectory(dataDirectory: dir)
        let statistics = JournalStatistics()
        let writer = try JournalWriter(directory: journal, mode: mode, lastSequence: 0,
                                       logger: Logger(label: "test"), statistics: statistics)
        let farmLock = Mutex(())
        var last: UInt64 = 0
        for i in 1...count {
            last = farmLock.withLock { _ in writer.append([operation(i)]) }
            #expect(last == UInt64(i))
            if i.isMultiple(of: every) { farmLock.withLock { _ in writer.startSegment(after: last) } }
            let done = DispatchSemaphore(value: 0)
            writer.whenDurable(last) { done.signal() }
            #expect(done.wait(timeout: .now() + 10) == .success, "record \(i) never became durable")
        }
        writer.close()
        #expect(statistics.current.records == count)
        return try JournalRecovery.plan(journal, snapshotSequence: 0) { path in
            FileManager.default.contents(atPath: path).map { Array($0) }
        }
    }

    @Test(arguments: [JournalMode.fsync, .write])
    func everyRecordIsReadBackInOrderAcrossSegmentSwitches(mode: JournalMode) throws {
        let plan = try Self.writeAndRecover(mode: mode, count: 60, every: 7)
        #expect(plan.records.map(\.sequence) == Array(1...60))
        #expect(plan.records.map(\.operation) == (1...60).map(Self.operation))
        #expect(plan.lastSequence == 60 && plan.tornTail == nil)
    }

    @Test(arguments: [JournalMode.fsync, .write])
    func concurrentAppendersAllBecomeDurable(mode: JournalMode) throws {
        let dir = NSTemporaryDirectory() + "coalition-journal-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let journal = JournalDirectory(dataDirectory: dir)
        let writer = try JournalWriter(directory: journal, mode: mode, lastSequence: 0,
                                       logger: Logger(label: "test"), statistics: JournalStatistics())
        let farmLock = Mutex(())
        let durable = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 4) { t in
            for i in 0..<250 {
                let sequence = farmLock.withLock { _ in
                    let s = writer.append([Self.operation(t * 1000 + i)])
                    if i == 100 && t == 0 { writer.startSegment(after: s) }
                    return s
                }
                let done = DispatchSemaphore(value: 0)
                writer.whenDurable(sequence) { done.signal() }
                if done.wait(timeout: .now() + 10) == .success { durable.withLock { $0 += 1 } }
            }
        }
        writer.close()
        #expect(durable.withLock { $0 } == 1000)
        let plan = try JournalRecovery.plan(journal, snapshotSequence: 0) { path in
            FileManager.default.contents(atPath: path).map { Array($0) }
        }
        #expect(plan.records.map(\.sequence) == Array(1...1000))
    }
}
