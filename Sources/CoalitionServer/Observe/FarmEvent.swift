import CoalitionCore

/// What happened to the farm, in the terms of the event log and the metrics, read from
/// the records of the operation door (`FarmService.observe`) and the farm after them.
enum FarmEvent: Equatable, Sendable {
    case jobAdded(id: JobID, title: String, user: String, parent: JobID)
    case jobRemoved(id: JobID)
    /// Every child of `parent` was removed (XML-RPC `clearjobs`).
    case childrenRemoved(parent: JobID)
    case workerSeen(name: String, ip: String)
    /// A job handed to a worker; `seconds` is the time from the call's arrival under the
    /// farm's lock to the decision (timeout pass included).
    case picked(job: JobID, worker: String, seconds: Double)
    case finished(job: JobID, title: String, worker: String, seconds: Double)
    case failed(job: JobID, title: String, worker: String, exitCode: Int?, attempt: Int, retries: Int)
    case jobTimedOut(job: JobID, title: String, worker: String, heartbeat: Bool, attempt: Int, retries: Int)
    case workerTimedOut(name: String, silentFor: Double)
    case workerStopped(name: String)
    case workerCleared(name: String)
    /// The timeout pass dropped old activities (`activitydays`, `activitymax`).
    /// The timeout pass dropped every activity up to id `through`; `kept` remain.
    case activitiesDropped(through: Int, kept: Int)
}

/// Turns records into events. Pure: the only memory it keeps is the set of worker names
/// it has seen, so that "new worker" means the first record naming a worker unknown before.
struct FarmEventReader: Sendable {
    private(set) var knownWorkers: Set<String>

    init(knownWorkers: Set<String>) {
        self.knownWorkers = knownWorkers
    }

    /// The events of `records`, applied in order, given the farm after the last of them;
    /// `now` is the time the records were handed over.
    mutating func events(of records: [FarmOperation], after farm: borrowing Farm, now: Double) -> [FarmEvent] {
        var events: [FarmEvent] = []
        for record in records {
            read(record, farm: farm, now: now, into: &events)
        }
        return events
    }

    private mutating func noteWorker(_ report: WorkerReport, into events: inout [FarmEvent]) {
        guard !knownWorkers.contains(report.name) else { return }
        knownWorkers.insert(report.name)
        events.append(.workerSeen(name: report.name, ip: report.ip))
    }

    private mutating func read(_ record: FarmOperation, farm: borrowing Farm, now: Double, into events: inout [FarmEvent]) {
        switch record.change {
        case .addJob(let spec, .id(let parent), _, let id?):
            events.append(.jobAdded(id: id, title: spec.title, user: spec.user, parent: parent))
        case .removeJobs(let ids):
            for id in ids where farm.job(id) == nil { events.append(.jobRemoved(id: id)) }
        case .removeChildren(let parent):
            events.append(.childrenRemoved(parent: parent))
        case .stopWorkers(let names):
            for name in names where farm.worker(name) != nil { events.append(.workerStopped(name: name)) }
        case .removeWorkers(let names):
            for name in names where knownWorkers.contains(name) && farm.worker(name) == nil {
                knownWorkers.remove(name)
                events.append(.workerCleared(name: name))
            }
        case .removeAllWorkers:
            for name in knownWorkers.sorted() where farm.worker(name) == nil {
                knownWorkers.remove(name)
                events.append(.workerCleared(name: name))
            }
        case .pickJob(let report, let choice):
            noteWorker(report, into: &events)
            if case .job(let id)? = choice {
                events.append(.picked(job: id, worker: report.name, seconds: max(0, now - record.time)))
            }
        case .heartbeat(let report, _, _, _, _):
            noteWorker(report, into: &events)
        case .endJob(let report, let id?, let code):
            noteWorker(report, into: &events)
            // A run this call ended: the job stopped for this worker at this record's time.
            guard let job = farm.job(id), job.isLeaf, job.worker == report.name,
                  job.state == .finished || job.state == .error,
                  abs(job.startTime + job.duration - record.time) < 1e-6 else { return }
            if job.state == .finished {
                events.append(.finished(job: id, title: job.title, worker: report.name, seconds: job.duration))
            } else {
                events.append(.failed(job: id, title: job.title, worker: report.name, exitCode: code,
                                      attempt: job.tryCount, retries: job.retry))
            }
        case .endJob(let report, nil, _):
            noteWorker(report, into: &events)
        case .expire(let expiries):
            var silenced: Set<String> = []
            for expiry in expiries {
                switch expiry {
                case .stalled(let id, let worker):
                    if let job = farm.job(id) {
                        events.append(.jobTimedOut(job: id, title: job.title, worker: worker, heartbeat: false,
                                                   attempt: job.tryCount, retries: job.retry))
                    }
                case .silentRun(let id, let worker), .overtime(let id, let worker):
                    let heartbeat: Bool
                    if case .silentRun = expiry { heartbeat = true } else { heartbeat = false }
                    if let job = farm.job(id) {
                        events.append(.jobTimedOut(job: id, title: job.title, worker: worker, heartbeat: heartbeat,
                                                   attempt: job.tryCount, retries: job.retry))
                    }
                    if heartbeat, farm.worker(worker)?.state == .timeout, silenced.insert(worker).inserted {
                        events.append(.workerTimedOut(name: worker, silentFor: silence(worker, farm, record.time)))
                    }
                case .silentWorker(let worker):
                    if silenced.insert(worker).inserted {
                        events.append(.workerTimedOut(name: worker, silentFor: silence(worker, farm, record.time)))
                    }
                }
            }
        case .requeueJob(let report, _, _):
            // A job given back for its host's user is neither a success nor a failure.
            noteWorker(report, into: &events)
        case .dropActivities(let ids):
            events.append(.activitiesDropped(through: ids, kept: farm.state.activities.count))
        case .addJobTree(let group, let children, .id(let parent), _, let id?):
            events.append(.jobAdded(id: id, title: group.title, user: group.user, parent: parent))
            for (offset, child) in children.enumerated() {
                events.append(.jobAdded(id: id + 1 + offset, title: child.title, user: child.user, parent: id))
            }
        case .addJob, .addJobTree, .pauseJobs, .startJobs, .resetJobs, .resetErrorJobs, .moveJobs, .updateJobs,
             .startWorkers, .updateWorkers, .timeoutPass, .setLimit, .clearBlocklist, .reportProgress:
            break
        }
    }

    private func silence(_ worker: String, _ farm: borrowing Farm, _ time: Double) -> Double {
        guard let w = farm.worker(worker) else { return 0 }
        return max(0, time - w.pingTime)
    }
}

/// Sends events to the event log and the metrics.
struct FarmEventReporter: Sendable {
    let events: EventLog
    let metrics: FarmMetrics

    func report(_ list: [FarmEvent]) {
        for event in list {
            switch event {
            case .jobAdded(let id, let title, let user, let parent):
                events.jobAdded(id: id, title: title, user: user, parent: parent)
            case .jobRemoved(let id):
                events.jobRemoved(id: id)
            case .childrenRemoved(let parent):
                events.childrenRemoved(parent: parent)
            case .workerSeen(let name, let ip):
                events.workerSeen(name: name, ip: ip)
            case .picked(_, _, let seconds):
                metrics.recordPick(nanoseconds: Int64(seconds * 1e9))
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
            case .workerStopped(let name):
                events.workerStopped(name: name)
            case .workerCleared(let name):
                events.workerCleared(name: name)
            case .activitiesDropped(let through, let kept):
                events.activitiesDropped(through: through, kept: kept)
            }
        }
    }
}
