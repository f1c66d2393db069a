import CoalitionCore
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

    @Test func workerCallsTellNewWorkersPicksAndEnds() {
        var farm = Farm(now: 0)
        var spec = NewJob()
        spec.title = "one"
        spec.command = "run"
        spec.retry = 3
        let id = try! farm.addJob(spec, parent: 0, now: 0)
        let report = WorkerReport(name: "w", ip: "10.0.0.1", load: nil, freeMemory: nil, totalMemory: nil)
        _ = farm.pickJob(report, now: 1)
        let picked = FarmChange.workerCall(before: nil, after: farm, name: "w")
        #expect(picked == [.workerSeen(name: "w", ip: "10.0.0.1"), .picked(job: id, worker: "w")])

        let before = farm.worker("w")
        farm.endJob(report, jobID: id, exitCode: 2, now: 3)
        #expect(FarmChange.workerCall(before: before, after: farm, name: "w", exitCode: 2)
            == [.failed(job: id, title: "one", worker: "w", exitCode: 2, attempt: 1, retries: 3)])

        _ = farm.pickJob(report, now: 4)
        let running = farm.worker("w")
        farm.endJob(report, jobID: id, exitCode: 0, now: 6)
        #expect(FarmChange.workerCall(before: running, after: farm, name: "w")
            == [.finished(job: id, title: "one", worker: "w", seconds: 2)])
        // A heartbeat that changes nothing derives nothing.
        let idle = farm.worker("w")
        _ = farm.heartbeat(report, jobID: nil, log: [], now: 7)
        #expect(FarmChange.workerCall(before: idle, after: farm, name: "w").isEmpty)
    }

    @Test func timeoutPassTellsSilentWorkersAndTheirJobs() {
        var settings = FarmSettings()
        settings.timeout = 10
        var farm = Farm(settings: settings, now: 0)
        var spec = NewJob()
        spec.title = "long"
        spec.command = "run"
        let id = try! farm.addJob(spec, parent: 0, now: 0)
        let report = WorkerReport(name: "w", ip: "", load: nil, freeMemory: nil, totalMemory: nil)
        _ = farm.pickJob(report, now: 0)
        let before = farm.state
        farm.updatePass(now: 20)
        let changes = FarmChange.timeoutPass(before: before, after: farm, now: 20)
        #expect(changes == [.jobTimedOut(job: id, title: "long", worker: "w", heartbeat: true, attempt: 1, retries: 10),
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
        #expect(StartupCheck.problem(dataDirectory: dir, logFile: nil) == nil)
        try Data("junk".utf8).write(to: URL(fileURLWithPath: dir + "/master_db"))
        let problem = StartupCheck.problem(dataDirectory: dir, logFile: nil)
        #expect(problem?.contains("master_db is damaged") == true)
        #expect(FileManager.default.fileExists(atPath: dir + "/master_db"))
        #expect(StartupCheck.problem(dataDirectory: dir + "/absent", logFile: nil) != nil)
    }
}
