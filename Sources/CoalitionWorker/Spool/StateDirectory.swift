import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A state directory that cannot be used; the worker stops with this message.
struct StateDirectoryError: Error, CustomStringConvertible {
    var description: String
}

/// The worker's state directory (`--state-dir`): one `job-<id>.json` record, `job-<id>.out`
/// spool and `job-<id>.exit` status per running job, and a `worker.lock` held (flock) while a
/// worker process uses it, so two workers never share one.
final class StateDirectory: @unchecked Sendable {
    let path: String
    let workerName: String
    private let lockFD: Int32
    private let writeLock = NSLock()

    /// Default directory for a worker name: `$XDG_STATE_HOME/coalition/worker-<name>`, else
    /// `$HOME/.local/state/coalition/worker-<name>`, else `/var/tmp/coalition-worker-<name>`.
    static func defaultPath(workerName: String, environment: [String: String]) -> String {
        let safe = String(workerName.map { $0.isLetter || $0.isNumber || "._-".contains($0) ? $0 : "_" })
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            return state + "/coalition/worker-" + safe
        }
        if let home = environment["HOME"], home.hasPrefix("/") {
            return home + "/.local/state/coalition/worker-" + safe
        }
        return "/var/tmp/coalition-worker-" + safe
    }

    /// Creates the directory if needed (mode 0700) and takes its lock.
    init(path: String, workerName: String) throws(StateDirectoryError) {
        self.path = path
        self.workerName = workerName
        do {
            try FileManager.default.createDirectory(
                atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw StateDirectoryError(description: "state directory \(path): cannot create it (\(error.localizedDescription))")
        }
        guard access(path, R_OK | W_OK | X_OK) == 0 else {
            throw StateDirectoryError(description: "state directory \(path) is not readable and writable (\(String(cString: strerror(errno)))); it is left alone")
        }
        let fd = open(path + "/worker.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw StateDirectoryError(description: "state directory \(path): cannot open worker.lock (\(String(cString: strerror(errno))))")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw StateDirectoryError(description: "state directory \(path) is in use by another worker process; give each worker its own --state-dir")
        }
        lockFD = fd
    }

    deinit { close(lockFD) }

    func spoolPath(jobID: Int64) -> String { path + "/job-\(jobID).out" }
    func exitPath(jobID: Int64) -> String { path + "/job-\(jobID).exit" }
    private func recordPath(jobID: Int64) -> String { path + "/" + JobRecord.fileName(jobID: jobID) }

    /// The records this worker may take over, and a line for each file it leaves alone
    /// (unreadable, not a record, or written by a worker of another name).
    func scan() -> (records: [JobRecord], problems: [String]) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else {
            return ([], ["state directory \(path) cannot be listed; running jobs from before are left alone"])
        }
        var records: [JobRecord] = []
        var problems: [String] = []
        for name in names.sorted() where name.hasPrefix("job-") && name.hasSuffix(".json") {
            guard let data = FileManager.default.contents(atPath: path + "/" + name) else {
                problems.append("\(path)/\(name) is unreadable; left alone")
                continue
            }
            guard let record = JobRecord.decode(data) else {
                problems.append("\(path)/\(name) is not a job record; left alone")
                continue
            }
            guard record.worker == workerName else {
                problems.append("\(path)/\(name) belongs to worker '\(record.worker)', not '\(workerName)'; left alone")
                continue
            }
            records.append(record)
        }
        return (records, problems)
    }

    /// Writes a record atomically (temporary file renamed over the old one).
    func save(_ record: JobRecord) {
        let final = recordPath(jobID: record.jobID)
        writeLock.withLock {
            let temporary = final + ".part"
            if FileManager.default.createFile(atPath: temporary, contents: record.encoded()) {
                _ = rename(temporary, final)
            }
        }
    }

    /// Forgets a job whose end the server has: record, spool and exit file.
    func remove(_ record: JobRecord) {
        for file in [recordPath(jobID: record.jobID), record.spoolPath, record.exitPath] {
            _ = unlink(file)
        }
    }
}
