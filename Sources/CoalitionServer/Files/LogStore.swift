#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CoalitionCore

/// Job output files `logs/<id>.log`: appended on heartbeats, deleted by reset, read by getlog.
struct LogStore: Sendable {
    let directory: String

    init(directory: String) {
        self.directory = directory
        mkdir(directory, 0o755)
    }

    func path(_ id: JobID) -> String { directory + "/" + String(id) + ".log" }

    func append(_ id: JobID, _ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        let fd = open(path(id), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return }
        defer { close(fd) }
        var offset = 0
        bytes.withUnsafeBytes { buf in
            while offset < buf.count {
                let n = write(fd, buf.baseAddress! + offset, buf.count - offset)
                if n < 0 { if errno == EINTR { continue } else { return } }
                offset += n
            }
        }
    }

    func delete(_ id: JobID) { unlink(path(id)) }

    func truncate(_ id: JobID) {
        if access(path(id), F_OK) == 0 { Glibc.truncate(path(id), 0) }
    }

    /// The whole log, nil when there is none.
    func read(_ id: JobID) -> [UInt8]? {
        let fd = open(path(id), O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
            if n < 0 { if errno == EINTR { continue } else { break } }
            if n == 0 { break }
            out.append(contentsOf: chunk[0..<n])
        }
        return out
    }
}
