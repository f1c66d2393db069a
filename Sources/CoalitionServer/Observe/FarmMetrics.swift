import CoalitionCore
import CoreMetrics

import Prometheus

/// The server's metrics, kept with swift-metrics and written in the Prometheus text format
/// by swift-prometheus (`GET /metrics`). Each instance has its own registry, so tests and
/// benchmarks can run several servers in one process. Counters and histograms are fed as
/// things happen; the farm's gauges are set when scraped (`refresh`).
final class FarmMetrics: Sendable {
    let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory

    let picks: CoreMetrics.Counter
    let jobsFinished: CoreMetrics.Counter
    let jobsFailed: CoreMetrics.Counter
    let errorsByExit: CoreMetrics.Counter
    let errorsByHeartbeat: CoreMetrics.Counter
    let errorsByRuntime: CoreMetrics.Counter
    let dispatchLatency: CoreMetrics.Timer
    let fsyncDuration: CoreMetrics.Timer
    let operationsPerFsync: CoreMetrics.Recorder
    let snapshotDuration: CoreMetrics.Timer
    let snapshotBytes: CoreMetrics.Gauge
    let outputBytes: CoreMetrics.Counter
    let activities: CoreMetrics.Gauge
    let residentMemory: CoreMetrics.Gauge
    private let jobGauges: [JobState: CoreMetrics.Gauge]
    private let workerGauges: [WorkerState: CoreMetrics.Gauge]
    /// HTTP request durations, one histogram per endpoint family.
    private let requestDurations: [EndpointFamily: CoreMetrics.Timer]

    /// Request families, so the label set stays small whatever paths clients ask for.
    enum EndpointFamily: String, CaseIterable, Sendable {
        case json, workers, xmlrpc, metrics, healthz, files
    }

    init() {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        let fast: [Duration] = [.microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1),
                                .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
                                .milliseconds(50), .milliseconds(100), .milliseconds(250), .seconds(1)]
        factory.durationHistogramBuckets = [
            "coalition_http_request_duration_seconds": fast,
            "coalition_dispatch_latency_seconds": fast,
            "coalition_journal_fsync_duration_seconds": fast,
            "coalition_snapshot_duration_seconds": [.milliseconds(10), .milliseconds(50), .milliseconds(100),
                                                    .milliseconds(250), .milliseconds(500), .seconds(1),
                                                    .milliseconds(2500), .seconds(5), .seconds(10), .seconds(30)],
        ]
        factory.valueHistogramBuckets = ["coalition_journal_operations_per_fsync": [1, 2, 4, 8, 16, 32, 64, 128, 256, 1024]]
        self.registry = registry
        self.factory = factory
        picks = CoreMetrics.Counter(label: "coalition_picks_total", factory: factory)
        jobsFinished = CoreMetrics.Counter(label: "coalition_job_ends_total", dimensions: [("result", "finished")], factory: factory)
        jobsFailed = CoreMetrics.Counter(label: "coalition_job_ends_total", dimensions: [("result", "error")], factory: factory)
        errorsByExit = CoreMetrics.Counter(label: "coalition_job_errors_total", dimensions: [("cause", "exit_code")], factory: factory)
        errorsByHeartbeat = CoreMetrics.Counter(label: "coalition_job_errors_total", dimensions: [("cause", "heartbeat_timeout")],
                                    factory: factory)
        errorsByRuntime = CoreMetrics.Counter(label: "coalition_job_errors_total", dimensions: [("cause", "run_timeout")],
                                  factory: factory)
        dispatchLatency = CoreMetrics.Timer(label: "coalition_dispatch_latency_seconds", factory: factory)
        fsyncDuration = CoreMetrics.Timer(label: "coalition_journal_fsync_duration_seconds", factory: factory)
        operationsPerFsync = CoreMetrics.Recorder(label: "coalition_journal_operations_per_fsync", aggregate: true, factory: factory)
        snapshotDuration = CoreMetrics.Timer(label: "coalition_snapshot_duration_seconds", factory: factory)
        snapshotBytes = CoreMetrics.Gauge(label: "coalition_snapshot_bytes", factory: factory)
        outputBytes = CoreMetrics.Counter(label: "coalition_job_output_bytes_total", factory: factory)
        activities = CoreMetrics.Gauge(label: "coalition_activities", factory: factory)
        residentMemory = CoreMetrics.Gauge(label: "process_resident_memory_bytes", factory: factory)
        jobGauges = Dictionary(uniqueKeysWithValues: [JobState.waiting, .working, .finished, .error].map {
            ($0, CoreMetrics.Gauge(label: "coalition_jobs", dimensions: [("state", $0.rawValue)], factory: factory))
        })
        workerGauges = Dictionary(uniqueKeysWithValues: WorkerState.allCases.map {
            ($0, CoreMetrics.Gauge(label: "coalition_workers", dimensions: [("state", $0.rawValue)], factory: factory))
        })
        requestDurations = Dictionary(uniqueKeysWithValues: EndpointFamily.allCases.map {
            ($0, CoreMetrics.Timer(label: "coalition_http_request_duration_seconds", dimensions: [("family", $0.rawValue)],
                               factory: factory))
        })
    }

    // MARK: recording

    /// A job handed to a worker, and how long the pick took.
    func recordPick(nanoseconds: Int64) {
        picks.increment()
        dispatchLatency.recordNanoseconds(nanoseconds)
    }

    /// A run ended by its worker.
    func recordEnd(succeeded: Bool) {
        if succeeded {
            jobsFinished.increment()
        } else {
            jobsFailed.increment()
            errorsByExit.increment()
        }
    }

    /// A run ended by the server's timeout pass.
    func recordTimeout(heartbeat: Bool) {
        (heartbeat ? errorsByHeartbeat : errorsByRuntime).increment()
    }

    /// One group commit of the journal: the sync duration and the operations it made
    /// durable (with `journal = write` there is no sync, only the operations are counted).
    func recordCommit(_ commit: JournalStatistics.Commit) {
        if commit.synced { fsyncDuration.recordNanoseconds(Int64(commit.seconds * 1e9)) }
        operationsPerFsync.record(commit.records)
    }

    func recordSnapshot(nanoseconds: Int64, bytes: Int) {
        snapshotDuration.recordNanoseconds(nanoseconds)
        snapshotBytes.record(bytes)
    }

    func recordOutput(bytes: Int) {
        if bytes > 0 { outputBytes.increment(by: bytes) }
    }

    func recordRequest(_ family: EndpointFamily, nanoseconds: Int64) {
        requestDurations[family]?.recordNanoseconds(nanoseconds)
    }

    // MARK: scrape

    /// Figures read from the farm under its lock at scrape time: O(workers).
    struct FarmFigures: Sendable {
        var leaves = Tally()
        var workers: [WorkerState: Int] = [:]
        /// Activities in the history (bounded by `activitydays`, `activitymax`).
        var activities = 0
    }

    /// The text exposition, after setting the gauges to `figures` and the process's memory.
    func exposition(_ figures: FarmFigures) -> [UInt8] {
        let t = figures.leaves
        jobGauges[.working]?.record(t.working)
        jobGauges[.finished]?.record(t.finished)
        jobGauges[.error]?.record(t.errors)
        // The root's tally does not tell waiting from paused leaves: both are counted as WAITING.
        jobGauges[.waiting]?.record(t.total - t.working - t.finished - t.errors)
        for state in WorkerState.allCases { workerGauges[state]?.record(figures.workers[state] ?? 0) }
        activities.record(figures.activities)
        residentMemory.record(ProcessMemory.residentBytes())
        var buffer: [UInt8] = []
        buffer.reserveCapacity(8192)
        registry.emit(into: &buffer)
        return buffer
    }
}
