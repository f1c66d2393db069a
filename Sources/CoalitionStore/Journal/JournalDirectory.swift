#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CoalitionCore

/// The journal's segment files in `<data dir>/journal/`, each named by the sequence number
/// of its first record (`00000000000000000001.journal`), so their order is their name's.
public struct JournalDirectory: Sendable {
    public let path: String

    public init(dataDirectory: String) {
        self.path = dataDirectory + "/journal"
    }

    /// A segment on disk.
    public struct Segment: Sendable, Equatable {
        public var firstSequence: UInt64
        public var path: String
    }

    static let suffix = ".journal"

    public func segmentPath(firstSequence: UInt64) -> String {
        let digits = String(firstSequence)
        return path + "/" + String(repeating: "0", count: max(0, 20 - digits.count)) + digits + Self.suffix
    }

    /// The segments, oldest first. Files that are not segments are left alone.
    public func segments() -> [Segment] {
        guard let dir = opendir(path) else { return [] }
        defer { closedir(dir) }
        var out: [Segment] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            guard name.hasSuffix(Self.suffix), name.count == 20 + Self.suffix.count,
                  let first = UInt64(name.prefix(20)) else { continue }
            out.append(Segment(firstSequence: first, path: path + "/" + name))
        }
        return out.sorted { $0.firstSequence < $1.firstSequence }
    }

    /// Creates the directory if needed.
    public func create() throws(SnapshotError) {
        if mkdir(path, 0o755) != 0 && errno != EEXIST { throw .io("mkdir \(path): \(errnoText())") }
    }

    /// Deletes every segment whose records all lie at or below `sequence` (they are in a
    /// durable snapshot), keeping the newest segment, which may still be written.
    public func removeSegments(containedIn sequence: UInt64) {
        let all = segments()
        for (i, segment) in all.enumerated() where i + 1 < all.count {
            // A segment ends where the next begins.
            if all[i + 1].firstSequence <= sequence + 1 { unlink(segment.path) }
        }
        syncDirectory()
    }

    /// Cuts a segment back to `length` bytes (a torn tail), keeping the cut bytes beside
    /// it as `<segment>.torn` for inspection.
    public func cutTornTail(of segment: Segment, at length: Int, bytes: [UInt8]) throws(SnapshotError) {
        let files = SnapshotFiles(directory: path)
        try files.writeDurably(Array(bytes[length...]), to: segment.path + ".torn")
        guard truncate(segment.path, off_t(length)) == 0 else { throw .io("truncate \(segment.path): \(errnoText())") }
        let fd = open(segment.path, O_WRONLY | O_CLOEXEC)
        if fd >= 0 {
            fsync(fd)
            close(fd)
        }
    }

    func syncDirectory() {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 {
            fsync(fd)
            close(fd)
        }
    }
}
