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
        // The child inherits the affinity of the thread that spawns it, so pinning this thread
        // for the duration of the spawn pins the job from its first instruction (no window in
        // which it could fork unpinned). The thread's own mask is restored right after.
        let restore = cores.isEmpty ? nil : CPUMask.pinCurrentThread(to: cores)
        defer { if let restore { CPUMask.restoreCurrentThread(restore) } }
        return try Spawner.posixSpawn(arguments: arguments, directory: directory, environment: environment,
                                      flags: setSessionFlag) { actions in
            posix_spawn_file_actions_addopen(&actions, 1, spoolPath, O_WRONLY | O_APPEND | O_CREAT, 0o600)
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }
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
