import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A spawn failure: the command could not be started at all.
struct SpawnError: Error, CustomStringConvertible {
    var description: String
}

/// GNU extensions of posix_spawn that the Glibc module does not export, looked up at run time.
enum GlibcExtras {
    typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, UnsafePointer<CChar>?) -> Int32
    typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32

    static let addChdir: AddChdir? = symbol("posix_spawn_file_actions_addchdir_np")
    static let addCloseFrom: AddCloseFrom? = symbol("posix_spawn_file_actions_addclosefrom_np")
    typealias Affinity = @convention(c) (pid_t, Int, UnsafeRawPointer?) -> Int32
    typealias GetAffinity = @convention(c) (pid_t, Int, UnsafeMutableRawPointer?) -> Int32
    static let setAffinity: Affinity? = symbol("sched_setaffinity")
    static let getAffinity: GetAffinity? = symbol("sched_getaffinity")

    private static func symbol<T>(_ name: String) -> T? {
        guard let handle = dlopen(nil, RTLD_NOW), let pointer = dlsym(handle, name) else { return nil }
        return unsafeBitCast(pointer, to: T.self)
    }
}

/// Serializes pipe creation and spawning (see `Spawner.spawn`).
let spawnLock = NSLock()

/// posix_spawn wrapper: new process group, default signal handling, merged output pipe.
enum Spawner {
    struct Spawned {
        var pid: pid_t
        /// Read end of the merged stdout/stderr pipe.
        var outputFD: Int32
    }

    static func spawn(
        arguments: [String], directory: String?, environment: [String: String]?
    ) throws(SpawnError) -> Spawned {
        // Pipes are made close-on-exec under this lock, so a job started by another loop
        // never inherits this pipe (which would hide its end of file).
        spawnLock.lock()
        defer { spawnLock.unlock() }
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else {
            throw SpawnError(description: "pipe: " + String(cString: strerror(errno)))
        }
        let (readFD, writeFD) = (fds[0], fds[1])
        _ = fcntl(readFD, F_SETFD, FD_CLOEXEC)
        _ = fcntl(writeFD, F_SETFD, FD_CLOEXEC)
        let spawned = Result { () throws(SpawnError) -> pid_t in
            try posixSpawn(arguments: arguments, directory: directory, environment: environment,
                           flags: POSIX_SPAWN_SETPGROUP) { actions in
                posix_spawn_file_actions_adddup2(&actions, writeFD, 1)
                posix_spawn_file_actions_adddup2(&actions, writeFD, 2)
            }
        }
        close(writeFD)
        switch spawned {
        case .success(let pid):
            return Spawned(pid: pid, outputFD: readFD)
        case .failure(let error):
            close(readFD)
            throw error
        }
    }

    /// `posix_spawn` as every job and command of the worker is started: stdin on
    /// `/dev/null`, output as `redirect` sets it up, in `directory`, descriptors above 2
    /// closed, default signal handling and an empty signal mask, plus `flags` (a process
    /// group of its own, or a session). Call with `spawnLock` held.
    static func posixSpawn(
        arguments: [String], directory: String?, environment: [String: String]?, flags: Int32,
        redirect: (inout posix_spawn_file_actions_t) -> Void
    ) throws(SpawnError) -> pid_t {
        var arguments = arguments
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        redirect(&actions)
        if let directory {
            if let addChdir = GlibcExtras.addChdir {
                _ = addChdir(&actions, directory)
            } else {
                // No posix_spawn chdir in this C library: a first shell changes directory and
                // replaces itself with the real command (same PID, same group).
                arguments = ["/bin/sh", "-c", "cd -- \"$0\" && exec \"$@\"", directory] + arguments
            }
        }
        _ = GlibcExtras.addCloseFrom?(&actions, 3)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        if flags & POSIX_SPAWN_SETPGROUP != 0 { posix_spawnattr_setpgroup(&attributes, 0) }
        var defaults = sigset_t()
        sigfillset(&defaults)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setflags(&attributes, Int16(flags | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let envp: [UnsafeMutablePointer<CChar>?]? = environment.map { variables in
            variables.map { strdup($0.key + "=" + $0.value) } + [nil]
        }
        defer { for pointer in envp ?? [] { free(pointer) } }

        var pid: pid_t = 0
        let status: Int32
        if let envp {
            status = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, envp)
        } else {
            status = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, environ)
        }
        guard status == 0 else { throw SpawnError(description: String(cString: strerror(status))) }
        return pid
    }

    /// Waits for `pid` and converts its status: exit code, or minus the signal number.
    static func reap(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return -1 }
        }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : -signal
    }

    /// Runs a shell command to its end, its output read and discarded (or echoed);
    /// answers its exit status.
    static func runToEnd(_ command: String, echo: Bool) throws(SpawnError) -> Int32 {
        let spawned = try spawn(arguments: ["/bin/sh", "-c", command], directory: nil, environment: nil)
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(spawned.outputFD, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            if echo { FileHandle.standardOutput.write(Data(chunk[0..<count])) }
        }
        close(spawned.outputFD)
        return reap(spawned.pid)
    }
}
