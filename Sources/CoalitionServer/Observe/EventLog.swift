import CoalitionCore
import Logging

/// The operators' event log: one line per event that matters, through swift-log (label
/// `coalition.event`), so it lands on standard error and in the log file. The formats are
/// listed in the README ("Event log"). Each method is one event; callers never format
/// lines themselves, so the formats live here only.
struct EventLog: Sendable {
    let logger: Logger

    init(logger: Logger) {
        self.logger = logger
    }

    /// A log that drops everything (tests, benchmarks).
    static let silent = EventLog(logger: Logger(label: "coalition.event", factory: { _ in SwiftLogNoOpLogHandler() }))

    private func emit(_ level: Logger.Level, _ name: String, _ fields: KeyValuePairs<String, EventLine.Value>) {
        guard logger.logLevel <= level else { return }
        logger.log(level: level, "\(EventLine.format(name, fields))")
    }

    // MARK: jobs

    func jobAdded(id: JobID, title: String, user: String, parent: JobID) {
        emit(.info, "job.added", ["id": .number(id), "title": .text(title), "user": .text(user), "parent": .number(parent)])
    }

    func jobFinished(id: JobID, title: String, worker: String, seconds: Double) {
        emit(.info, "job.finished", ["id": .number(id), "title": .text(title), "worker": .text(worker),
                                     "duration": .decimal(seconds)])
    }

    /// A run that ended with a non-zero exit code; `try` of `of` (the job's retry count).
    func jobFailed(id: JobID, title: String, worker: String, exitCode: Int?, try attempt: Int, of retries: Int) {
        emit(.warning, "job.failed", ["id": .number(id), "title": .text(title), "worker": .text(worker),
                                      "code": exitCode.map { .number($0) } ?? .text("none"),
                                      "try": .number(attempt), "of": .number(retries)])
    }

    /// A run the server ended: its worker went silent (`heartbeat`) or it ran past its timeout (`runtime`).
    func jobTimedOut(id: JobID, title: String, worker: String, cause: String, try attempt: Int, of retries: Int) {
        emit(.warning, "job.timeout", ["id": .number(id), "title": .text(title), "worker": .text(worker),
                                       "cause": .text(cause), "try": .number(attempt), "of": .number(retries)])
    }

    /// A job removed with its subtree.
    func jobRemoved(id: JobID) {
        emit(.info, "job.removed", ["id": .number(id)])
    }

    /// Every child of `parent` removed (XML-RPC `clearjobs`).
    func childrenRemoved(parent: JobID) {
        emit(.info, "job.children_removed", ["parent": .number(parent)])
    }

    /// The timeout pass dropped every old activity up to id `through`; `kept` remain.
    func activitiesDropped(through: Int, kept: Int) {
        emit(.info, "history.trimmed", ["through": .number(through), "kept": .number(kept)])
    }

    // MARK: workers

    func workerSeen(name: String, ip: String) {
        emit(.info, "worker.seen", ["name": .text(name), "ip": .text(ip)])
    }

    func workerTimedOut(name: String, silentFor seconds: Double) {
        emit(.warning, "worker.timeout", ["name": .text(name), "silent": .decimal(seconds)])
    }

    func workerStopped(name: String) {
        emit(.info, "worker.stopped", ["name": .text(name)])
    }

    func workerCleared(name: String) {
        emit(.info, "worker.cleared", ["name": .text(name)])
    }

    // MARK: refusals

    /// A request the server refused; `reason` is one of the documented words
    /// (`unknown-parent`, `whitelist`, `bad-parameter`, `body-too-large`, `auth-failed`),
    /// `detail` says more. Never carries a password.
    func requestRefused(_ reason: String, path: String, peer: String, _ detail: KeyValuePairs<String, String> = [:]) {
        guard logger.logLevel <= .warning else { return }
        var line = EventLine.format("request.refused", ["reason": .text(reason), "path": .text(path), "peer": .text(peer)])
        for (key, value) in detail { line += " " + key + "=" + EventLine.quoteIfNeeded(value) }
        logger.warning("\(line)")
    }

    /// The reason of a refused addjob, from what `submit` answered; nothing when it was added.
    func addJobRefused(_ result: OperationResult, spec: NewJob, parent: String, origin: RequestOrigin) {
        guard case .added(.failure(let error)) = result else { return }
        switch error {
        case .parentNotFound:
            requestRefused("unknown-parent", path: origin.path, peer: origin.peer, ["parent": parent])
        case .commandNotAllowed:
            requestRefused("whitelist", path: origin.path, peer: origin.peer,
                           ["user": origin.login.isEmpty ? spec.user : origin.login, "command": spec.command])
        case .unknownLimit(let name):
            requestRefused("unknown-limit", path: origin.path, peer: origin.peer, ["limit": name])
        }
    }

    /// One line per request, with `-v`.
    func request(method: String, path: String, status: Int, seconds: Double, peer: String) {
        emit(.debug, "request", ["method": .text(method), "path": .text(path), "status": .number(status),
                                 "ms": .decimal(seconds * 1000), "peer": .text(peer)])
    }

    // MARK: configuration and persistence

    func configWarning(_ text: String) {
        emit(.warning, "config.warning", ["detail": .text(text)])
    }

    func saved(jobs: Int, bytes: Int, seconds: Double) {
        emit(.info, "save", ["jobs": .number(jobs), "bytes": .number(bytes), "ms": .decimal(seconds * 1000)])
    }

    func saveFailed(_ error: String) {
        emit(.error, "save.failed", ["error": .text(error)])
    }

    func backedUp(keep: Int, seconds: Double) {
        emit(.info, "backup", ["kept": .number(keep), "ms": .decimal(seconds * 1000)])
    }

    func backupFailed(_ error: String) {
        emit(.error, "backup.failed", ["error": .text(error)])
    }

    /// A group commit of the journal (debug level: one line per commit).
    func journalFlushed(_ commit: JournalStatistics.Commit) {
        emit(.debug, "journal", ["operations": .number(commit.records), "bytes": .number(commit.bytes),
                                 "sync_ms": .decimal(commit.seconds * 1000)])
    }
}
