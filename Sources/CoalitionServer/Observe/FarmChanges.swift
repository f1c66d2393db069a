import CoalitionCore

/// Events derived by comparing the farm before and after a change, for the event log and
/// the metrics. TEMPORARY: once every state change is an operation value, these events
/// come from the operation stream and this comparison goes away. All of it is O(1) per
/// worker call, and O(workers) only for a timeout pass that changed something.
enum FarmChange: Equatable, Sendable {
    case workerSeen(name: String, ip: String)
    case picked(job: JobID, worker: String)
    case finished(job: JobID, title: String, worker: String, seconds: Double)
    case failed(job: JobID, title: String, worker: String, exitCode: Int?, attempt: Int, retries: Int)
    case jobTimedOut(job: JobID, title: String, worker: String, heartbeat: Bool, attempt: Int, retries: Int)
    case workerTimedOut(name: String, silentFor: Double)

    /// What one worker call (pick, heartbeat, end) changed, from the worker record before
    /// and after it and the farm after it. `exitCode` is the code an endjob reported.
    static func workerCall(before: Worker?, after farm: Farm, name: String, exitCode: Int? = nil) -> [FarmChange] {
        guard let after = farm.worker(name) else { return [] }
        var changes: [FarmChange] = []
        if before == nil { changes.append(.workerSeen(name: name, ip: after.ip)) }
        let job = farm.job(after.lastJob)
        if after.finished > (before?.finished ?? 0), let job {
            changes.append(.finished(job: job.id, title: job.title, worker: name, seconds: job.duration))
        }
        if after.error > (before?.error ?? 0), let job, job.state == .error, job.worker == name {
            changes.append(.failed(job: job.id, title: job.title, worker: name, exitCode: exitCode,
                                   attempt: job.tryCount, retries: job.retry))
        }
        if after.currentActivity != (before?.currentActivity ?? -1), after.state == .working {
            changes.append(.picked(job: after.lastJob, worker: name))
        }
        return changes
    }

    /// What a timeout pass changed: workers whose error count rose lost their job to a
    /// timeout (heartbeat when the worker itself went to TIMEOUT, run time otherwise);
    /// workers that went to TIMEOUT are reported too.
    static func timeoutPass(before: FarmState, after farm: Farm, now: Double) -> [FarmChange] {
        var changes: [FarmChange] = []
        for (name, after) in farm.state.workers {
            guard let previous = before.workers[name] else { continue }
            let silent = after.state == .timeout && previous.state != .timeout
            if after.error > previous.error, let job = farm.job(after.lastJob), job.worker == name, job.state == .error,
               before.jobs[job.id]?.state == .working {
                changes.append(.jobTimedOut(job: job.id, title: job.title, worker: name, heartbeat: silent,
                                            attempt: job.tryCount, retries: job.retry))
            }
            if silent { changes.append(.workerTimedOut(name: name, silentFor: now - after.pingTime)) }
        }
        return changes
    }
}

/// Sends derived changes to the event log and the metrics.
struct ChangeReporter: Sendable {
    let events: EventLog
    let metrics: FarmMetrics

    func report(_ changes: [FarmChange], pickNanoseconds: Int64 = 0) {
        for change in changes {
            switch change {
            case .workerSeen(let name, let ip):
                events.workerSeen(name: name, ip: ip)
            case .picked:
                metrics.recordPick(nanoseconds: pickNanoseconds)
            case .finished(let id, let title, let worker, let seconds):
                metrics.recordEnd(succeeded: true)
                events.jobFinished(id: id, title: title, worker: worker, seconds: seconds)
            case .failed(let id, let title, let worker, let code, let attempt, let retries):
                metrics.recordEnd(succeeded: false)
                events.jobFailed(id: id, title: title, worker: worker, exitCode: code, try: attempt, of: retries)
            case .jobTimedOut(let id, let title, let worker, let heartbeat, let attempt, let retries):
                metrics.recordTimeout(heartbeat: heartbeat)
                events.jobTimedOut(id: id, title: title, worker: worker, cause: heartbeat ? "heartbeat" : "runtime",
                                   try: attempt, of: retries)
            case .workerTimedOut(let name, let silent):
                events.workerTimedOut(name: name, silentFor: silent)
            }
        }
    }
}
