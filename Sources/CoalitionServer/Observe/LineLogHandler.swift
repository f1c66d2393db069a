#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Logging
import Synchronization

/// A swift-log handler that writes each message as one line to several file descriptors
/// (standard error and the `--log-file`/`logfile` file), in the format the README
/// documents: `2025-01-31T12:00:00.123Z LEVEL label: message`. swift-log's own stream
/// handler writes to one stream only and has its own timestamp format, hence this one.
struct LineLogHandler: LogHandler {
    /// Where the lines go; shared by every logger of the process. Lines are written by a
    /// thread of their own, in order, so that a caller (often holding the farm's lock)
    /// never waits for a disk or a terminal; they are all written before the process exits.
    final class Sinks: @unchecked Sendable {
        // @unchecked: `pending` and `writing` are guarded by `condition`.
        let descriptors: [Int32]
        private let condition = NSCondition()
        private var pending: [UInt8] = []
        private var writing = false
        /// The thread waits for lines (else it is writing or pausing, and will look again).
        private var idle = false

        init(descriptors: [Int32]) {
            self.descriptors = descriptors
            Self.all.withLock { $0.append(self) }
            Self.flushAtExit
            let thread = Thread { [self] in run() }
            thread.name = "coalition-log"
            thread.start()
        }

        /// Queues one line.
        func write(_ line: String) {
            condition.lock()
            pending.append(contentsOf: line.utf8)
            pending.append(10)
            if idle { condition.signal() }
            condition.unlock()
        }

        /// Returns once every line queued so far is written.
        func flush() {
            condition.lock()
            while !pending.isEmpty || writing { condition.wait() }
            condition.unlock()
        }

        private func run() {
            var batch: [UInt8] = []
            while true {
                condition.lock()
                while pending.isEmpty {
                    idle = true
                    condition.wait()
                    idle = false
                }
                swap(&batch, &pending)
                writing = true
                condition.unlock()
                for fd in descriptors { Self.writeAll(fd, batch) }
                batch.removeAll(keepingCapacity: true)
                condition.lock()
                writing = false
                condition.broadcast()
                condition.unlock()
                // Under a stream of lines, gather them for a moment: one write and no
                // wake-up per line (a line waits at most this long).
                usleep(2_000)
            }
        }

        private static func writeAll(_ fd: Int32, _ bytes: [UInt8]) {
            bytes.withUnsafeBytes { buf in
                var offset = 0
                while offset < buf.count {
                    let n = Glibc.write(fd, buf.baseAddress! + offset, buf.count - offset)
                    if n < 0 { if errno == EINTR { continue } else { return } }
                    offset += n
                }
            }
        }

        private static let all = Mutex<[Sinks]>([])
        /// Registers, once, the exit hook that writes what is still queued.
        private static let flushAtExit: Void = {
            atexit { LineLogHandler.Sinks.all.withLock { $0 }.forEach { $0.flush() } }
        }()
    }

    let label: String
    let sinks: Sinks
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    init(label: String, sinks: Sinks, level: Logger.Level) {
        self.label = label
        self.sinks = sinks
        self.logLevel = level
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var line = Self.timestamp(Date()) + " " + event.level.rawValue.uppercased() + " " + label + ": " + "\(event.message)"
        let extra = metadata.merging(event.metadata ?? [:]) { $1 }
        if !extra.isEmpty {
            line += " [" + extra.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ") + "]"
        }
        sinks.write(line)
    }

    /// UTC, millisecond precision, ISO 8601.
    static func timestamp(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        var t = time_t(seconds.rounded(.down))
        var parts = tm()
        gmtime_r(&t, &parts)
        let millis = Int((seconds - seconds.rounded(.down)) * 1000)
        func pad(_ v: Int32, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return pad(parts.tm_year + 1900, 4) + "-" + pad(parts.tm_mon + 1, 2) + "-" + pad(parts.tm_mday, 2) + "T"
            + pad(parts.tm_hour, 2) + ":" + pad(parts.tm_min, 2) + ":" + pad(parts.tm_sec, 2) + "."
            + pad(Int32(millis), 3) + "Z"
    }
}
