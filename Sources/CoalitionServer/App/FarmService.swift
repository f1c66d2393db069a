import CoalitionCore
import CoalitionStore
import Foundation
import Synchronization

/// The one owner of the farm, and its one door: every change arrives here as a
/// `FarmChange`, is applied under a lock (mutations are serialized exactly as the
/// original's single event loop did), journaled in the same critical section, and
/// acknowledged once durable; its side effects run after that, outside the lock. A lock
/// rather than an actor because the sections are a few microseconds long and an actor hop
/// under load costs more than the work (measured with wrk: context switches dominated).
final class FarmService: Sendable {
    private let farm: Mutex<Farm>
    private let journal: JournalWriter?
    private let journalDirectory: JournalDirectory
    /// The last record replayed at start-up: what a snapshot contains when there is no
    /// journal now (`journal = off`), so old segments are never replayed twice.
    private let recoveredSequence: UInt64
    private let effects: EffectRunner
    private let observers: Mutex<[@Sendable ([FarmOperation], borrowing Farm) -> Void]>
    private let inspectors: Mutex<[@Sendable (FarmChange, borrowing Farm) -> Void]>
    let logs: LogStore
    let notifier: Notifier
    /// Where changes are announced to `/json/events`; fed from the operation stream.
    let changes: ChangeHub
    let events: EventLog
    let metrics: FarmMetrics
    private let started = Date().timeIntervalSince1970
    private let lastSave = Mutex(Date().timeIntervalSince1970)

    init(farm: sending Farm, journal: JournalWriter?, journalDirectory: JournalDirectory,
         recoveredSequence: UInt64, logs: LogStore, notifier: Notifier, changes: ChangeHub = ChangeHub(),
         events: EventLog = .silent, metrics: FarmMetrics = FarmMetrics()) {
        let knownWorkers = Set(farm.state.workers.keys)
        self.farm = Mutex(farm)
        self.events = events
        self.metrics = metrics
        self.journal = journal
        self.journalDirectory = journalDirectory
        self.recoveredSequence = recoveredSequence
        self.logs = logs
        self.notifier = notifier
        self.observers = Mutex([])
        self.inspectors = Mutex([])
        self.changes = changes
        let perform: @Sendable (FarmEffect) -> Void = { [logs, notifier, metrics] effect in
            switch effect {
            case .appendLog(let id, let bytes):
                logs.append(id, bytes)
                metrics.recordOutput(bytes: bytes.count)
            case .deleteLog(let id): logs.delete(id)
            case .truncateLog(let id): logs.truncate(id)
            case .notify(let to, let text): notifier.send(to: to, text: text)
            case .event(let text): FileHandle.standardError.write(Data("event: \(text)\n".utf8))
            }
        }
        let effects = EffectRunner(durable: journal == nil ? .max : (journal?.lastSequence ?? 0), perform: perform)
        self.effects = effects
        journal?.onDurable { effects.durable(upTo: $0) }
        let feed = ChangeFeed(hub: changes)
        inspect { change, farm in feed.before(change, in: farm) }
        observe { records, farm in feed.after(records, in: farm) }
        // The event log and the counters, read from the records of every change.
        let reader = Mutex(FarmEventReader(knownWorkers: knownWorkers))
        let reporter = FarmEventReporter(events: events, metrics: metrics)
        observe { records, farm in
            let now = Date().timeIntervalSince1970
            let happened = reader.withLock { $0.events(of: records, after: farm, now: now) }
            if !happened.isEmpty { reporter.report(happened) }
        }
    }

    /// Calls `observer` with the records of every change, in order, under the farm's
    /// lock (keep it short: counters, change sets).
    func observe(_ observer: @escaping @Sendable ([FarmOperation], borrowing Farm) -> Void) {
        observers.withLock { $0.append(observer) }
    }

    /// Calls `inspector` with every change about to be applied, under the farm's lock and
    /// before it applies: for what the farm after the change no longer tells (the old
    /// parent of a moved job). Keep it as short as an observer.
    func inspect(_ inspector: @escaping @Sendable (FarmChange, borrowing Farm) -> Void) {
        inspectors.withLock { $0.append(inspector) }
    }

    /// Applies one change at the current time and answers once it is durable.
    func submit(_ change: FarmChange) async -> OperationResult {
        await withCheckedContinuation { continuation in
            submit(change) { continuation.resume(returning: $0) }
        }
    }

    /// Applies one change at the current time and calls `then` with its result once it is
    /// durable (and its effects carried out): on the caller's thread when nothing had to be
    /// waited for, else on the journal's or the effects' thread. For callers that must not
    /// suspend (`DirectLane`, on an event loop).
    func submit(_ change: FarmChange, then: @escaping @Sendable (OperationResult) -> Void) {
        let (result, ticket) = farm.withLock { farm in
            let now = Date().timeIntervalSince1970
            var records = timeoutPass(&farm, now: now)
            inspectors.withLock { list in for i in list { i(change, farm) } }
            let applied = farm.apply(FarmOperation(time: now, change: change))
            records.append(contentsOf: applied.records)
            return (applied.result, commit(records, &farm))
        }
        ticket.whenReady(journal: journal, effects: effects) { then(result) }
    }

    /// Reads the farm at the current time (after the timeout pass every request runs).
    func read<T: Sendable>(_ body: (borrowing Farm, Double) -> T) async -> T {
        let (value, ticket) = farm.withLock { farm in
            let now = Date().timeIntervalSince1970
            let records = timeoutPass(&farm, now: now)
            let ticket = commit(records, &farm)
            return (body(farm, now), ticket)
        }
        await ticket.wait(journal: journal, effects: effects)
        return value
    }

    /// What a caller waits for after leaving the lock.
    private struct Ticket {
        var sequence: UInt64?
        var effects: Int?

        func wait(journal: JournalWriter?, effects runner: EffectRunner) async {
            if let sequence, let journal { await journal.waitDurable(sequence) }
            if let ticket = effects { await runner.wait(ticket) }
        }

        /// Calls `then` when `wait` would return. Effects run only once their records are
        /// durable, so a ticket with effects waits for the effects alone.
        func whenReady(journal: JournalWriter?, effects runner: EffectRunner, then: @escaping @Sendable () -> Void) {
            if let ticket = effects {
                runner.whenDone(ticket, then: then)
            } else if let sequence, let journal {
                journal.whenDurable(sequence, then: then)
            } else {
                then()
            }
        }
    }

    private func timeoutPass(_ farm: inout Farm, now: Double) -> [FarmOperation] {
        guard farm.timeoutPassDue(at: now) else { return [] }
        inspectors.withLock { list in for i in list { i(.timeoutPass, farm) } }
        return farm.apply(FarmOperation(time: now, change: .timeoutPass)).records
    }

    /// Journals the records and queues the effects (farm lock held).
    private func commit(_ records: [FarmOperation], _ farm: inout Farm) -> Ticket {
        let sequence = journal?.append(records) ?? 0
        let produced = farm.takeEffects()
        if !records.isEmpty {
            observers.withLock { list in for o in list { o(records, farm) } }
        }
        // The answer waits for the effects a client reads back (job output and its
        // deletion, for getlog); the others (the defensive truncation at addjob, mail, event
        // lines) run in order after it, off the request's path.
        let awaited = produced.contains { $0.answerWaits }
        let ticket = produced.isEmpty ? nil : effects.enqueue(produced, after: sequence, awaited: awaited)
        return Ticket(sequence: records.isEmpty ? nil : sequence, effects: awaited ? ticket : nil)
    }

    /// The state to save when it changed since `revision`, with its revision and the last
    /// journal record it contains; later records start a new journal segment. O(1): the
    /// persistent trees are shared, not copied.
    func snapshot(ifChangedSince revision: Int?) async -> (state: FarmState, revision: Int, sequence: UInt64)? {
        farm.withLock { farm in
            if let r = revision, r == farm.revision { return nil }
            let sequence = journal?.lastSequence ?? recoveredSequence
            journal?.startSegment(after: sequence)
            return (farm.state, farm.revision, sequence)
        }
    }

    /// A snapshot holding every record up to `sequence` is on disk.
    func snapshotSaved(upTo sequence: UInt64) {
        journalDirectory.removeSegments(containedIn: sequence)
    }

    /// Writes what the journal holds and stops it (shutdown, after the last snapshot).
    func closeJournal() {
        journal?.close()
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
            figures.activities = farm.state.activities.count
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

extension FarmEffect {
    /// Whether the request that produced it answers only once it is carried out.
    var answerWaits: Bool {
        switch self {
        case .appendLog, .deleteLog: return true
        case .truncateLog, .notify, .event: return false
        }
    }
}
