#if canImport(Glibc)
import Glibc
#endif
import CoalitionStore

/// `coalition server --check`: whether the data directory can be served from, without
/// starting. Reads only: a damaged `master_db` is reported, not moved aside.
enum StartupCheck {
    /// nil when everything is usable, else the one-line reason.
    static func problem(dataDirectory: String, logFile: String?) -> String? {
        guard access(dataDirectory, R_OK | W_OK | X_OK) == 0 else {
            return "data directory \(dataDirectory) is not readable and writable"
        }
        let files = SnapshotFiles(directory: dataDirectory)
        if access(files.mainPath, F_OK) == 0 {
            guard let bytes = files.readFile(files.mainPath) else { return "\(files.mainPath) is not readable" }
            do { _ = try SnapshotCodec.decode(bytes) } catch { return "\(files.mainPath) is damaged: \(error)" }
        }
        // The journal does not exist yet; once it does, its readability is checked here too.
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
