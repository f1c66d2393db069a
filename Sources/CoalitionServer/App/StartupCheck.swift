#if canImport(Glibc)
import Glibc
#endif
import CoalitionCore
import CoalitionStore

/// `coalition server --check`: whether the data directory can be served from, without
/// starting. Reads only: a damaged `master_db` is reported, not moved aside, and a
/// journal cut short by a crash is reported, not cut.
enum StartupCheck {
    struct Outcome {
        /// nil when everything is usable, else the one-line reason.
        var problem: String?
        /// What the operator should know even when it is usable (a torn journal tail).
        var notes: [String] = []
    }

    static func run(dataDirectory: String, logFile: String?, settings: FarmSettings) -> Outcome {
        guard access(dataDirectory, R_OK | W_OK | X_OK) == 0 else {
            return Outcome(problem: "data directory \(dataDirectory) is not readable and writable")
        }
        let files = SnapshotFiles(directory: dataDirectory)
        var state: FarmState?
        var sequence: UInt64 = 0
        if access(files.mainPath, F_OK) == 0 {
            guard let bytes = files.readFile(files.mainPath) else {
                return Outcome(problem: "\(files.mainPath) is not readable")
            }
            do { (state, sequence) = try SnapshotCodec.decodeWithSequence(bytes) } catch {
                return Outcome(problem: "\(files.mainPath) is damaged: \(error)")
            }
        }
        var outcome = Outcome()
        switch journal(dataDirectory: dataDirectory, files: files, state: state, sequence: sequence, settings: settings) {
        case .failure(let failure): return Outcome(problem: failure.description)
        case .success(let notes): outcome.notes = notes
        }
        outcome.problem = writable(dataDirectory: dataDirectory, logFile: logFile)
        return outcome
    }

    /// Reads the journal after the snapshot and replays it on a copy of the state in
    /// memory, as a start-up would, without touching a file.
    private static func journal(dataDirectory: String, files: SnapshotFiles, state: FarmState?, sequence: UInt64,
                                settings: FarmSettings) -> Result<[String], Recovery.Failure> {
        let directory = JournalDirectory(dataDirectory: dataDirectory)
        let plan: JournalRecovery.Plan
        do {
            plan = try JournalRecovery.plan(directory, snapshotSequence: sequence, read: files.readFile)
        } catch {
            return .failure(Recovery.Failure(description: error.description))
        }
        guard !plan.records.isEmpty else { return .success(plan.messages) }
        var farm = state.map { Farm(restoring: $0, settings: settings, now: 0) } ?? Farm(settings: settings, now: 0)
        for record in plan.records {
            do { try farm.replay(record.operation) } catch {
                return .failure(Recovery.Failure(description: "journal record \(record.sequence) does not fit "
                                                 + "\(files.mainPath): \(error)"))
            }
        }
        return .success(plan.messages)
    }

    private static func writable(dataDirectory: String, logFile: String?) -> String? {
        let logs = dataDirectory + "/logs"
        if access(logs, F_OK) == 0 {
            guard access(logs, W_OK | X_OK) == 0 else { return "log directory \(logs) is not writable" }
        }
        if let logFile, !logFile.isEmpty {
            if access(logFile, F_OK) == 0 {
                guard access(logFile, W_OK) == 0 else { return "log file \(logFile) is not writable" }
            } else {
                let dir = logFile.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
                let parent = dir.isEmpty ? (logFile.hasPrefix("/") ? "/" : ".") : dir
                guard access(parent, W_OK | X_OK) == 0 else { return "log file directory \(parent) is not writable" }
            }
        }
        return nil
    }
}
