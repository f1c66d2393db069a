import CoalitionCore
import Foundation
import Synchronization

/// The one owner of the farm. Every API call is one `perform`: a short critical section
/// under a lock, so mutations are serialized exactly as the original's single event loop
/// did. A lock rather than an actor because the sections are a few microseconds long and
/// an actor hop under load costs more than the work (measured with wrk: context switches
/// dominated). The effects a call produces (log files) are carried out inside the same
/// section, so a log append can never overtake the reset that deleted the file.
final class FarmService: Sendable {
    private let farm: Mutex<Farm>
    let logs: LogStore
    let notifier: Notifier
    let events: EventLog
    let metrics: FarmMetrics
    private let started = Date().timeIntervalSince1970
    private let lastSave = Mutex(Date().timeIntervalSince1970)

    init(farm: sending Farm, logs: LogStore, notifier: Notifier, events: EventLog = .silent,
         metrics: FarmMetrics = FarmMetrics()) {
        self.farm = Mutex(farm)
        self.logs = logs
        self.notifier = notifier
        self.events = events
        self.metrics = metrics
    }

    private var reporter: ChangeReporter { ChangeReporter(events: events, metrics: metrics) }

    /// Runs one operation on the farm at the current time.
    func perform<T: Sendable>(_ operation: @Sendable (inout Farm, Double) -> T) async -> T {
        performNow(operation)
    }

    /// The same, for callers that are not async.
    func performNow<T: Sendable>(_ operation: (inout Farm, Double) -> T) -> T {
        farm.withLock { farm in
            let now = Date().timeIntervalSince1970
            passTimeouts(&farm, now: now)
            let result = operation(&farm, now)
            let effects = farm.takeEffects()
            if !effects.isEmpty { apply(effects) }
            return result
        }
    }

    /// A call of the worker protocol (pickjob, heartbeat, endjob; form or XML-RPC) by worker
    /// `name`. TEMPORARY observation: the worker record before and after the call tells
    /// whether the worker is new, took a job or ended one, for the event log and metrics;
    /// at merge these come from the operation stream.
    func performWorkerCall<T: Sendable>(_ name: String, exitCode: Int? = nil,
                                        _ operation: @Sendable (inout Farm, Double) -> T) async -> T {
        let (result, changes, nanoseconds): (T, [FarmChange], Int64) = farm.withLock { farm in
            let now = Date().timeIntervalSince1970
            passTimeouts(&farm, now: now)
            let before = farm.worker(name)
            let clock = ContinuousClock.now
            let result = operation(&farm, now)
            let elapsed = ContinuousClock.now - clock
            let changes = FarmChange.workerCall(before: before, after: farm, name: name, exitCode: exitCode)
            let effects = farm.takeEffects()
            if !effects.isEmpty { apply(effects) }
            let ns = elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000
            return (result, changes, ns)
        }
        if !changes.isEmpty { reporter.report(changes, pickNanoseconds: nanoseconds) }
        return result
    }

    /// The update pass every call starts with. TEMPORARY observation: when the pass changed
    /// the farm (a timeout), the workers before and after tell which jobs and workers timed
    /// out; at merge the timeout pass is an operation and these events come from it.
    private func passTimeouts(_ farm: inout Farm, now: Double) {
        let revision = farm.revision
        let before = farm.state
        farm.updatePass(now: now)
        guard farm.revision != revision else { return }
        reporter.report(FarmChange.timeoutPass(before: before, after: farm, now: now))
    }

    private func apply(_ effects: [FarmEffect]) {
        for effect in effects {
            switch effect {
            case .appendLog(let id, let bytes):
                logs.append(id, bytes)
                metrics.recordOutput(bytes: bytes.count)
            case .deleteLog(let id): logs.delete(id)
            case .truncateLog(let id): logs.truncate(id)
            case .notify(let to, let text): notifier.send(to: to, text: text)
            }
        }
    }

    /// The state to save when it changed since `revision`, with its revision. O(1): the
    /// persistent trees are shared, not copied.
    func snapshot(ifChangedSince revision: Int?) async -> (FarmState, Int)? {
        farm.withLock { farm in
            if let r = revision, r == farm.revision { return nil }
            return (farm.state, farm.revision)
        }
    }

    /// The revision at start-up.
    var revision: Int { farm.withLock { $0.revision } }

    // MARK: observation (reads only)

    /// Notes that the state up to now is durable (a snapshot was written), for `/healthz`.
    func noteDurable(at time: Double) {
        lastSave.withLock { $0 = time }
    }

    /// The farm's gauges for `/metrics`: the root's tally (O(1)) and workers by state (O(workers)).
    func figures() -> FarmMetrics.FarmFigures {
        farm.withLock { farm in
            var figures = FarmMetrics.FarmFigures()
            figures.leaves = farm.job(0)?.tally ?? Tally()
            for worker in farm.state.workers.values { figures.workers[worker.state, default: 0] += 1 }
            return figures
        }
    }

    /// What `/healthz` reports.
    func health() -> HealthReport {
        let now = Date().timeIntervalSince1970
        let (jobs, workers) = farm.withLock { farm in (farm.state.jobs.count - 1, farm.state.workers.count) }
        return HealthReport(uptime: now - started, jobs: jobs, workers: workers,
                            sinceSave: now - lastSave.withLock { $0 })
    }
}
