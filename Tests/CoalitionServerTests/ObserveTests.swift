import CoalitionCore
import CoalitionStore
import Foundation
import Testing
@testable import CoalitionServer

/// The pure parts of the event log, the change derivation and the health report.
@Suite struct ObserveTests {
    @Test func eventLinesQuoteOnlyWhatNeedsIt() {
        #expect(EventLine.format("job.added", ["id": .number(12), "title": .text("Frame 1"), "user": .text("alice")])
            == "job.added id=12 title=\"Frame 1\" user=alice")
        #expect(EventLine.quoteIfNeeded("") == "\"\"")
        #expect(EventLine.quoteIfNeeded("a\"b\\c\nd\u{1}") == "\"a\\\"b\\\\c\\nd\\x01\"")
        #expect(EventLine.quoteIfNeeded("/opt/bin/render-1.2:x@y") == "/opt/bin/render-1.2:x@y")
        #expect(EventLine.format3(1.5) == "1.500" && EventLine.format3(0.0004) == "0.000" && EventLine.format3(-2.25) == "-2.250")
    }

    @Test func timestampsAreUTCWithMilliseconds() {
        #expect(LineLogHandler.timestamp(Date(timeIntervalSince1970: 1_700_000_000.25)) == "2023-11-14T22:13:20.250Z")
    }

    @Test func requestFamilies() {
        #expect(RequestObserver.family("/json/getjobs") == .json)
        #expect(RequestObserver.family("/workers/pickjob") == .workers)
        #expect(RequestObserver.family("/workers") == .workers)
        #expect(RequestObserver.family("/xmlrpc") == .xmlrpc)
        #expect(RequestObserver.family("/metrics") == .metrics)
        #expect(RequestObserver.family("/index.html") == .files)
        #expect(RequestObserver.family("/") == .files)
    }

    /// Applies `change` at `time` and reads the events of its records.
    private func events(_ farm: inout Farm, _ reader: inout FarmEventReader, _ change: FarmChange,
                        at time: Double) -> [FarmEvent] {
        var records: [FarmOperation] = []
        if farm.timeoutPassDue(at: time) {
            records += farm.apply(FarmOperation(time: time, change: .timeoutPass)).records
        }
        records += farm.apply(FarmOperation(time: time, change: change)).records
        return reader.events(of: records, after: farm, now: time)
    }

    @Test func workerCallsTellNewWorkersPicksAndEnds() {
        var farm = Farm(now: 0)
        var reader = FarmEventReader(knownWorkers: [])
        var spec = NewJob()
        spec.title = "one"
        spec.command = "run"
        spec.user = "alice"
        spec.retry = 3
        #expect(events(&farm, &reader, .addJob(spec, parent: .reference("0"), requester: "", id: nil), at: 0)
            == [.jobAdded(id: 1, title: "one", user: "alice", parent: 0)])
        let report = WorkerReport(name: "w", ip: "10.0.0.1", load: nil, freeMemory: nil, totalMemory: nil)
        #expect(events(&farm, &reader, .pickJob(report, choice: nil), at: 1)
            == [.workerSeen(name: "w", ip: "10.0.0.1"), .picked(job: 1, worker: "w", seconds: 0)])
        #expect(events(&farm, &reader, .endJob(report, job: 1, exitCode: 2), at: 3)
            == [.failed(job: 1, title: "one", worker: "w", exitCode: 2, attempt: 1, retries: 3)])
        // A second end of the same run changes nothing and tells nothing.
        #expect(events(&farm, &reader, .endJob(report, job: 1, exitCode: 2), at: 3.5).isEmpty)
        _ = events(&farm, &reader, .resetJobs([1]), at: 3.6)
        _ = events(&farm, &reader, .pickJob(report, choice: nil), at: 4)
        #expect(events(&farm, &reader, .endJob(report, job: 1, exitCode: 0), at: 6)
            == [.finished(job: 1, title: "one", worker: "w", seconds: 2)])
        #expect(events(&farm, &reader, .heartbeat(report, job: nil, log: [], progress: nil), at: 7).isEmpty)
        #expect(events(&farm, &reader, .stopWorkers(["w", "ghost"]), at: 8) == [.workerStopped(name: "w")])
        #expect(events(&farm, &reader, .removeWorkers(["w", "ghost"]), at: 9) == [.workerCleared(name: "w")])
        // Cleared, then back: seen again.
        #expect(events(&farm, &reader, .heartbeat(report, job: nil, log: [], progress: nil), at: 10)
            == [.workerSeen(name: "w", ip: "10.0.0.1")])
        #expect(events(&farm, &reader, .removeJobs([1, 99]), at: 11) == [.jobRemoved(id: 1)])
    }

    @Test func timeoutPassTellsSilentWorkersAndTheirJobs() {
        var settings = FarmSettings()
        settings.timeout = 10
        var farm = Farm(settings: settings, now: 0)
        var reader = FarmEventReader(knownWorkers: [])
        var spec = NewJob()
        spec.title = "long"
        spec.command = "run"
        _ = events(&farm, &reader, .addJob(spec, parent: .id(0), requester: "", id: nil), at: 0)
        let report = WorkerReport(name: "w", ip: "", load: nil, freeMemory: nil, totalMemory: nil)
        _ = events(&farm, &reader, .pickJob(report, choice: nil), at: 0)
        #expect(events(&farm, &reader, .startWorkers([]), at: 20)
            == [.jobTimedOut(job: 1, title: "long", worker: "w", heartbeat: true, attempt: 1, retries: 10),
                .workerTimedOut(name: "w", silentFor: 20)])
    }

    @Test func healthBody() {
        let body = HealthReport(uptime: 1.5, jobs: 3, workers: 2, sinceSave: 0.25).json(version: "9.9")
        #expect(body == "{\"status\":\"ok\",\"version\":\"9.9\",\"uptime\":1.500,\"jobs\":3,\"workers\":2,\"since_save\":0.250}")
    }

    @Test func metricsExpositionHasEveryFamily() {
        let metrics = FarmMetrics()
        metrics.recordPick(nanoseconds: 1000)
        metrics.recordEnd(succeeded: false)
        var figures = FarmMetrics.FarmFigures()
        figures.leaves.total = 3
        figures.leaves.finished = 1
        figures.workers[.working] = 2
        let text = String(decoding: metrics.exposition(figures), as: UTF8.self)
        for family in ["coalition_picks_total 1", "coalition_job_ends_total{result=\"error\"} 1",
                       "coalition_jobs{state=\"WAITING\"} 2", "coalition_workers{state=\"WORKING\"} 2",
                       "coalition_journal_fsync_duration_seconds_count", "coalition_snapshot_bytes",
                       "process_resident_memory_bytes"] {
            #expect(text.contains(family), "\(family)")
        }
    }

    @Test func checkNamesADamagedSnapshotAndMovesNothing() throws {
        let dir = NSTemporaryDirectory() + "coalition-check-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let settings = FarmSettings()
        #expect(StartupCheck.run(dataDirectory: dir, logFile: nil, settings: settings).problem == nil)
        try Data("junk".utf8).write(to: URL(fileURLWithPath: dir + "/master_db"))
        let problem = StartupCheck.run(dataDirectory: dir, logFile: nil, settings: settings).problem
        #expect(problem?.contains("master_db is damaged") == true)
        #expect(FileManager.default.fileExists(atPath: dir + "/master_db"))
        #expect(StartupCheck.run(dataDirectory: dir + "/absent", logFile: nil, settings: settings).problem != nil)
    }

    @Test func checkReadsTheJournalAndCutsNothing() throws {
        let dir = NSTemporaryDirectory() + "coalition-check-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let journal = JournalDirectory(dataDirectory: dir)
        try journal.create()
        func write(_ first: UInt64, _ sequences: [UInt64], tear: Int = 0) throws -> [UInt8] {
            var bytes = JournalFormat.header()
            for n in sequences {
                JournalFormat.appendRecord(FarmOperation(time: Double(n), change: .startJobs([1])), sequence: n, to: &bytes)
            }
            bytes.removeLast(tear)
            try Data(bytes).write(to: URL(fileURLWithPath: journal.segmentPath(firstSequence: first)))
            return bytes
        }
        // A segment whose first record is not the one its name says: damage the check names.
        _ = try write(5, [1])
        let problem = StartupCheck.run(dataDirectory: dir, logFile: nil, settings: FarmSettings()).problem
        #expect(problem?.contains("starts with record 1") == true, "\(problem ?? "nil")")
        try FileManager.default.removeItem(atPath: journal.segmentPath(firstSequence: 5))
        // A torn tail is reported, and left as it is.
        let torn = try write(1, [1, 2], tear: 3)
        let outcome = StartupCheck.run(dataDirectory: dir, logFile: nil, settings: FarmSettings())
        #expect(outcome.problem == nil)
        #expect(outcome.notes.contains { $0.contains("cut short by a crash") })
        let after = try Data(contentsOf: URL(fileURLWithPath: journal.segmentPath(firstSequence: 1)))
        #expect(Array(after) == torn)
    }
}
