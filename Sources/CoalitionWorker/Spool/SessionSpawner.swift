import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Starts a job's wrapper so that it can outlive the worker: in a session of its own (no
/// signal aimed at the worker's group or terminal reaches it), stdin on `/dev/null`, stdout and
/// stderr appended to the spool file, optionally pinned to processors.
enum SessionSpawner {
    /// `POSIX_SPAWN_SETSID` (glibc 2.26+), not exported to Swift.
    private static let setSessionFlag: Int32 = 0x80

    static func spawn(
        arguments: [String], directory: String?, environment: [String: String]?, spoolPath: String, cores: [Int]
    ) throws(SpawnError) -> pid_t {
        spawnLock.lock()
        defer { spawnLock.unlock() }
        var arguments = arguments
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, spoolPath, O_WRONLY | O_APPEND | O_CREAT, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        if let directory {
            if let addChdir = GlibcExtras.addChdir {
                _ = addChdir(&actions, directory)
            } else {
                arguments = ["/bin/sh", "-c", "cd -- \"$0\" && exec \"$@\"", directory] + arguments
            }
        }
        _ = GlibcExtras.addCloseFrom?(&actions, 3)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigfillset(&defaults)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setflags(&attributes, Int16(setSessionFlag | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let envp: [UnsafeMutablePointer<CChar>?]? = environment.map { variables in
            variables.map { strdup($0.key + "=" + $0.value) } + [nil]
        }
        defer { for pointer in envp ?? [] { free(pointer) } }

        // The child inherits the affinity of the thread that spawns it, so pinning this thread
        // for the duration of the spawn pins the job from its first instruction (no window in
        // which it could fork unpinned). The thread's own mask is restored right after.
        let restore = cores.isEmpty ? nil : CPUMask.pinCurrentThread(to: cores)
        defer { if let restore { CPUMask.restoreCurrentThread(restore) } }

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
}

/// Processor masks for `sched_setaffinity` (up to 4096 processors), built by hand because the
/// `CPU_SET` macros are not visible from Swift.
enum CPUMask {
    static let wordCount = 64

    /// The mask bytes for a set of processor numbers.
    static func words(for cores: [Int]) -> [UInt64] {
        var mask = [UInt64](repeating: 0, count: wordCount)
        for core in cores where core >= 0 && core < wordCount * 64 {
            mask[core / 64] |= 1 << UInt64(core % 64)
        }
        return mask
    }

    /// Processor numbers of a mask.
    static func cores(in mask: [UInt64]) -> [Int] {
        var result: [Int] = []
        for (index, word) in mask.enumerated() where word != 0 {
            for bit in 0..<64 where word & (1 << UInt64(bit)) != 0 { result.append(index * 64 + bit) }
        }
        return result
    }

    /// Pins the calling thread; answers its previous mask (nil when the OS refused).
    static func pinCurrentThread(to cores: [Int]) -> [UInt64]? {
        guard let get = GlibcExtras.getAffinity, let set = GlibcExtras.setAffinity else { return nil }
        var previous = [UInt64](repeating: 0, count: wordCount)
        let size = wordCount * 8
        guard previous.withUnsafeMutableBytes({ get(0, size, $0.baseAddress) }) == 0 else { return nil }
        let mask = words(for: cores)
        guard mask.withUnsafeBytes({ set(0, size, $0.baseAddress) }) == 0 else { return nil }
        return previous
    }

    static func restoreCurrentThread(_ mask: [UInt64]) {
        _ = mask.withUnsafeBytes { GlibcExtras.setAffinity?(0, wordCount * 8, $0.baseAddress) }
    }
}
