#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CoalitionCore
import CoalitionWire

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
        _ = Glibc.truncate(path(id), 0)  // ENOENT when there is none: nothing to do
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

    /// Part of a log from byte `offset` (moved back to the start of the character it falls
    /// in), at most about `limit` bytes, ending after a complete character. An offset past
    /// the end answers the empty range at the end, so a client that asked for more than
    /// there is sees `end` below its offset (the log was reset). No log is the empty log.
    func read(_ id: JobID, from offset: Int, limit: Int) -> LogSlice {
        let fd = open(path(id), O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return LogSlice(bytes: [], start: 0, end: 0) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return LogSlice(bytes: [], start: 0, end: 0) }
        let size = Int(info.st_size)
        let from = min(max(0, offset), size)
        let back = min(3, from)
        let count = min(max(0, limit), size - from) + back
        var buffer = [UInt8](repeating: 0, count: count)
        var got = 0
        while got < count {
            let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + got, count - got, off_t(from - back + got)) }
            if n < 0 { if errno == EINTR { continue } else { break } }
            if n == 0 { break }
            got += n
        }
        buffer.removeSubrange(got...)
        let first = UTF8Boundary.characterStart(in: buffer, at: min(back, buffer.count))
        let end = UTF8Boundary.completeEnd(of: buffer, from: first)
        let base = from - back
        return LogSlice(bytes: Array(buffer[first..<end]), start: base + first, end: base + end)
    }
}

/// A byte range of a job's log: `bytes` are the log's bytes `start..<end`.
struct LogSlice: Sendable, Equatable {
    let bytes: [UInt8]
    let start: Int
    let end: Int
}
