import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One running job whose output goes through a spool file in the state directory, so it can
/// outlive the worker process: a thread follows the spool into an `OutputBuffer` (stopping
/// while the buffer is full), notices the end (the wrapper reaped, or for a job taken over from
/// an earlier worker, its exit file or the disappearance of its process), appends the closing
/// banner lines, and resolves the exit code.
final class SpooledJob: @unchecked Sendable {
    /// How long the follower sleeps when the spool has nothing new.
    static let pollInterval: useconds_t = 100_000

    private let lock = NSLock()
    private var record: JobRecord
    private let isChild: Bool
    private let state: StateDirectory
    private let buffer: OutputBuffer
    private let echo: Bool
    private let onExit: @Sendable () -> Void
    private var exitCode: Int32?
    private var detached = false
    private var waiters: [CheckedContinuation<Int32?, Never>] = []
    /// Bytes of the spool read into the buffer but not yet delivered.
    private var pendingBytes: UInt64 = 0

    /// The wrapper's PID (also its session and process group).
    var pid: pid_t { lock.withLock { record.pid } }
    var jobID: Int64 { lock.withLock { record.jobID } }
    var grant: ResourceGrant { lock.withLock { record.grant } }

    /// Starts a job: writes the banner into a fresh spool, spawns the wrapper, records the job.
    static func start(
        record template: JobRecord, banner: Data, command: String, directory: String?,
        environment: [String: String]?, state: StateDirectory, buffer: OutputBuffer, echo: Bool,
        onExit: @escaping @Sendable () -> Void
    ) throws(SpawnError) -> SpooledJob {
        var record = template
        _ = unlink(record.exitPath)
        guard FileManager.default.createFile(atPath: record.spoolPath, contents: banner, attributes: [.posixPermissions: 0o600]) else {
            throw SpawnError(description: "cannot create the spool file \(record.spoolPath)")
        }
        let pid = try SessionSpawner.spawn(
            arguments: SpoolFormat.wrapperArguments(command: command, exitPath: record.exitPath),
            directory: directory, environment: environment, spoolPath: record.spoolPath, cores: record.grant.cores)
        record.pid = pid
        record.startTicks = processStartTicks(pid) ?? 0
        state.save(record)
        let job = SpooledJob(record: record, isChild: true, state: state, buffer: buffer, echo: echo, onExit: onExit)
        job.follow()
        return job
    }

    /// Takes over a job started by an earlier worker process, from its delivered offset on.
    static func adopt(
        _ record: JobRecord, state: StateDirectory, buffer: OutputBuffer, echo: Bool,
        onExit: @escaping @Sendable () -> Void
    ) -> SpooledJob {
        let job = SpooledJob(record: record, isChild: false, state: state, buffer: buffer, echo: echo, onExit: onExit)
        job.follow()
        return job
    }

    private init(
        record: JobRecord, isChild: Bool, state: StateDirectory, buffer: OutputBuffer, echo: Bool,
        onExit: @escaping @Sendable () -> Void
    ) {
        self.record = record
        self.isChild = isChild
        self.state = state
        self.buffer = buffer
        self.echo = echo
        self.onExit = onExit
    }

    private func follow() {
        let thread = Thread { self.pump() }
        thread.name = "coalition-job-\(record.jobID)"
        thread.start()
    }

    var hasExited: Bool { lock.withLock { exitCode != nil } }

    /// The exit status once the output is all in the buffer: the command's code, minus the
    /// signal that ended the wrapper (a kill), or -1 when the job vanished without a status.
    /// Nil when the worker detached from the job instead.
    func waitForExit() async -> Int32? {
        await withCheckedContinuation { continuation in
            let done: (Bool, Int32?) = lock.withLock {
                if exitCode != nil || detached { return (true, exitCode) }
                waiters.append(continuation)
                return (false, nil)
            }
            if done.0 { continuation.resume(returning: done.1) }
        }
    }

    /// The server has `count` more bytes: moves the resume point of the spool forward.
    func delivered(_ count: Int) {
        let snapshot: JobRecord = lock.withLock {
            let moved = min(UInt64(count), pendingBytes)
            pendingBytes -= moved
            record.deliveredOffset += moved
            return record
        }
        state.save(snapshot)
    }

    /// Leaves the job running: the follower stops, the record stays for the next worker.
    func detach() {
        let continuations: [CheckedContinuation<Int32?, Never>] = lock.withLock {
            detached = true
            defer { waiters = [] }
            return exitCode == nil ? waiters : []
        }
        buffer.release()
        for continuation in continuations { continuation.resume(returning: nil) }
    }

    /// Forgets the job once its end was reported: record, spool and exit file go.
    func discard() {
        state.remove(lock.withLock { record })
    }

    func killTree(fallback: ((pid_t) -> Void)? = nil) {
        if hasExited { return }
        ProcessTree.killAll(root: pid, fallback: fallback)
        buffer.release()
    }

    // MARK: - Follower thread

    private func pump() {
        let (spool, start, exitPath) = lock.withLock { (record.spoolPath, record.deliveredOffset, record.exitPath) }
        let fd = open(spool, O_RDONLY | O_CLOEXEC)
        if fd >= 0 { _ = lseek(fd, off_t(start), SEEK_SET) }
        defer { if fd >= 0 { close(fd) } }
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        /// Reads what the spool holds now; true when something was read.
        func drain() -> Bool {
            guard fd >= 0 else { return false }
            var any = false
            while !lock.withLock({ detached }) {
                buffer.waitForRoom()
                let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { break }
                let data = Data(chunk[0..<count])
                if echo { FileHandle.standardOutput.write(data) }
                lock.withLock { pendingBytes += UInt64(count) }
                buffer.append(data)
                any = true
            }
            return any
        }
        var code: Int32?
        while !lock.withLock({ detached }) {
            if drain() { continue }
            if let ended = endStatus(exitPath: exitPath) {
                code = ended
                break
            }
            usleep(Self.pollInterval)
        }
        if lock.withLock({ detached }) { return }
        // The job is over: whatever it wrote last, then the closing banner (once, even
        // across restarts), then that too.
        _ = drain()
        let final = code ?? -1
        var lines = Data()
        if code == nil {
            lines.append(Data("* ERROR : the job ended while no worker was running, without an exit status\n".utf8))
        }
        for message in JobLaunchPlan.endMessages(exitCode: final) { lines.append(Data(("* " + message + "\n").utf8)) }
        if let handle = FileHandle(forWritingAtPath: spool) {
            handle.seekToEndOfFile()
            handle.write(lines)
            try? handle.close()
        }
        _ = drain()
        let continuations: [CheckedContinuation<Int32?, Never>] = lock.withLock {
            exitCode = final
            defer { waiters = [] }
            return waiters
        }
        onExit()
        for continuation in continuations { continuation.resume(returning: final) }
    }

    /// The end of the job, if it ended: `.some(code)`; `.some(nil)` when it vanished without
    /// an exit file; nil while it runs.
    private func endStatus(exitPath: String) -> Int32?? {
        let (pid, ticks) = lock.withLock { (record.pid, record.startTicks) }
        if isChild {
            var status: Int32 = 0
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid {
                let signal = status & 0x7f
                return .some(signal == 0 ? (status >> 8) & 0xff : -signal)
            }
            if reaped == 0 { return nil }
            // Not our child after all (cannot happen); fall through to the file and /proc.
        }
        if let text = try? String(contentsOfFile: exitPath, encoding: .utf8), let code = SpoolFormat.exitCode(text) {
            return .some(code)
        }
        if Self.isRunning(pid: pid, startTicks: ticks) { return nil }
        // Gone: a last look at the exit file, written just before the wrapper exits.
        if let text = try? String(contentsOfFile: exitPath, encoding: .utf8), let code = SpoolFormat.exitCode(text) {
            return .some(code)
        }
        return .some(nil)
    }

    /// True while the process started at `startTicks` is alive (a recycled PID or a zombie is not).
    static func isRunning(pid: pid_t, startTicks: UInt64) -> Bool {
        guard pid > 0, let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let entry = ProcessTree.parseStat(text), !entry.isZombie else { return false }
        return SpoolFormat.startTicks(procStat: text) == startTicks
    }

    static func processStartTicks(_ pid: pid_t) -> UInt64? {
        (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)).flatMap { SpoolFormat.startTicks(procStat: $0) }
    }
}
