#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CoalitionCore

/// `master_db`, `master_db.part` and the backups `master_db.1…N` in a data directory
/// (reference 8): atomic saves, rotation, and start-up with fallback to backups.
public struct SnapshotFiles: Sendable {
    public let directory: String
    public let name: String

    public init(directory: String, name: String = "master_db") {
        self.directory = directory
        self.name = name
    }

    public var mainPath: String { directory + "/" + name }
    var partPath: String { mainPath + ".part" }
    public func backupPath(_ n: Int) -> String { mainPath + "." + String(n) }

    // MARK: save

    /// Writes `bytes` to `master_db.part`, fsyncs it, renames it over `master_db` and
    /// fsyncs the directory: a crash at any moment leaves the previous or the new snapshot.
    public func save(_ bytes: [UInt8]) throws(SnapshotError) {
        try writeDurably(bytes, to: partPath)
        guard rename(partPath, mainPath) == 0 else { throw .io("rename \(partPath): \(errnoText())") }
        syncDirectory()
    }

    func writeDurably(_ bytes: [UInt8], to path: String) throws(SnapshotError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .io("open \(path): \(errnoText())") }
        var written = 0
        var failure: String?
        bytes.withUnsafeBytes { buf in
            while written < buf.count {
                let n = write(fd, buf.baseAddress! + written, buf.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = "write \(path): \(errnoText())"
                    return
                }
                written += n
            }
        }
        if failure == nil && fsync(fd) != 0 { failure = "fsync \(path): \(errnoText())" }
        close(fd)
        if let failure { throw .io(failure) }
    }

    func syncDirectory() {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 {
            fsync(fd)
            close(fd)
        }
    }

    /// Shifts `master_db.k` to `.k+1` (dropping `.max`) and copies `master_db` to `.1`.
    /// Does nothing when there is no `master_db` yet (reference 16.1 #11).
    public func rotateBackups(keep max: Int) throws(SnapshotError) {
        guard max > 0, let current = readFile(mainPath) else { return }
        unlink(backupPath(max))
        if max >= 2 {
            for k in stride(from: max, through: 2, by: -1) {
                rename(backupPath(k - 1), backupPath(k))
            }
        }
        try writeDurably(current, to: backupPath(1) + ".part")
        guard rename(backupPath(1) + ".part", backupPath(1)) == 0 else { throw .io("rename backup: \(errnoText())") }
        syncDirectory()
    }

    // MARK: load

    /// What start-up found.
    public struct Loaded: Sendable {
        /// nil: no `master_db` at all, a new farm.
        public var state: FarmState?
        /// The file the state came from.
        public var source: String?
        /// The last journal record the state contains (0: none).
        public var journalSequence: UInt64 = 0
        /// Lines for the operator (stderr), e.g. about a damaged file.
        public var messages: [String]
    }

    /// Loads `master_db`; an original Coalition `master_db` is imported (see `importV3`);
    /// when it is damaged, keeps it as `master_db.corrupt…` and loads the newest backup that is intact. Throws when there is a damaged `master_db` and no
    /// usable backup, so the server never starts silently empty.
    public func load(backups max: Int) throws(SnapshotError) -> Loaded {
        guard let bytes = readFile(mainPath) else {
            return Loaded(state: nil, source: nil, messages: [])
        }
        // An original Coalition master_db is recognised by its content and imported;
        // if it cannot be, start-up stops with every file untouched.
        if V3MasterDB.looksLikePickle(bytes) {
            return try importV3(bytes, from: mainPath)
        }
        var messages: [String] = []
        let damage: SnapshotError
        do {
            let (state, sequence) = try SnapshotCodec.decodeWithSequence(bytes)
            return Loaded(state: state, source: mainPath, journalSequence: sequence, messages: [])
        } catch {
            damage = error
        }
        for k in 1...Swift.max(1, max) {
            guard let backup = readFile(backupPath(k)) else { continue }
            do {
                let (state, sequence) = try SnapshotCodec.decodeWithSequence(backup)
                // Only now move the damaged file aside: the next save must not overwrite it.
                let kept = keepDamaged()
                messages.insert("ERROR: \(mainPath) is damaged (\(damage)); kept as \(kept)", at: 0)
                messages.append("WARNING: state restored from \(backupPath(k))")
                return Loaded(state: state, source: backupPath(k), journalSequence: sequence, messages: messages)
            } catch {
                messages.append("ERROR: backup \(backupPath(k)) is damaged too (\(error))")
            }
        }
        throw .damaged("\(mainPath) is damaged (\(damage)) and no backup master_db.1..\(max) could be loaded; "
                       + "nothing was changed" + (messages.isEmpty ? "" : ": " + messages.joined(separator: "; ")))
    }

    /// Renames the damaged `master_db` out of the way (never deleted); returns the new name.
    func keepDamaged() -> String {
        var target = mainPath + ".corrupt"
        var n = 1
        while access(target, F_OK) == 0 {
            target = mainPath + ".corrupt." + String(n)
            n += 1
        }
        rename(mainPath, target)
        return target
    }

    /// The whole file, or nil when it does not exist or cannot be read.
    public func readFile(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if n == 0 { break }
            out.append(contentsOf: chunk[0..<n])
        }
        return out
    }
}

func errnoText() -> String {
    String(cString: strerror(errno))
}
