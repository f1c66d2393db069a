import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The worker's own log: the console when verbose, else the log file (standard output and
/// error are redirected there, as the original does, so nothing printed is lost).
final class WorkerLog: @unchecked Sendable {
    /// Debug lines are written only when verbose.
    let verbose: Bool
    private let lock = NSLock()
    private var lastRepeatable: String?

    init(verbose: Bool) {
        self.verbose = verbose
    }

    /// Appends standard output and standard error to `path` (created if needed).
    static func redirectOutput(to path: String) throws(WorkerSettingsError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw WorkerSettingsError(description: "cannot open log file \(path): \(String(cString: strerror(errno)))")
        }
        dup2(fd, 1)
        dup2(fd, 2)
        close(fd)
    }

    /// A line that always goes to the log.
    func info(_ message: String) {
        write(message)
    }

    /// A line that is written unless it is the same as the previous such line (for
    /// conditions retried every second, such as a missing route).
    func infoUnlessRepeated(_ message: String) {
        let repeated: Bool = lock.withLock {
            defer { lastRepeatable = message }
            return lastRepeatable == message
        }
        if !repeated { write(message) }
    }

    /// A line only written when verbose.
    func debug(_ message: @autoclosure () -> String) {
        if verbose { write(message()) }
    }

    private func write(_ message: String) {
        let stamp = Self.timestamp()
        let line = Array("\(stamp) \(message)\n".utf8)
        // One write per line keeps lines of concurrent loops whole.
        line.withUnsafeBytes { _ = Glibc.write(1, $0.baseAddress, $0.count) }
    }

    private static func timestamp() -> String {
        var now = time(nil)
        var parts = tm()
        localtime_r(&now, &parts)
        var text = [CChar](repeating: 0, count: 32)
        let count = strftime(&text, text.count, "%Y-%m-%d %H:%M:%S", &parts)
        return String(decoding: text.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
