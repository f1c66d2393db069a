#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Logging

/// A swift-log handler that writes each message as one line to several file descriptors
/// (standard error and the `--log-file`/`logfile` file), in the format the README
/// documents: `2025-01-31T12:00:00.123Z LEVEL label: message`. swift-log's own stream
/// handler writes to one stream only and has its own timestamp format, hence this one.
struct LineLogHandler: LogHandler {
    /// Where the lines go; shared by every logger of the process.
    final class Sinks: Sendable {
        let descriptors: [Int32]
        init(descriptors: [Int32]) { self.descriptors = descriptors }

        func write(_ line: String) {
            var bytes = Array(line.utf8)
            bytes.append(10)
            for fd in descriptors {
                bytes.withUnsafeBytes { buf in
                    var offset = 0
                    while offset < buf.count {
                        let n = Glibc.write(fd, buf.baseAddress! + offset, buf.count - offset)
                        if n < 0 { if errno == EINTR { continue } else { return } }
                        offset += n
                    }
                }
            }
        }
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
