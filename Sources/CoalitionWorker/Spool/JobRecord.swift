import Foundation

/// What the state directory keeps about one running job, so that a new worker process can
/// take it over: written when the job starts, updated as output is delivered, removed once
/// the job's end is reported. One JSON file per job, `job-<id>.json`.
struct JobRecord: Codable, Equatable, Sendable {
    /// Base name of the worker that started it (`-n`); a worker leaves other names' files alone.
    var worker: String
    /// The loop that holds the job on the server (`<name>-<k>`).
    var slot: String
    var jobID: Int64
    var user: String
    /// PID of the wrapper shell, also the job's session and process-group ID.
    var pid: Int32
    /// Field 22 of `/proc/<pid>/stat` at start: tells the job from a later process given the same PID.
    var startTicks: UInt64
    /// The job's merged output, banner lines included.
    var spoolPath: String
    /// Written by the wrapper with the command's exit status when it ends.
    var exitPath: String
    /// Bytes of the spool the server has acknowledged; a new worker resumes reading there.
    var deliveredOffset: UInt64
    /// Processors, memory and GPUs the job holds.
    var grant: ResourceGrant

    static func fileName(jobID: Int64) -> String { "job-\(jobID).json" }

    func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(self)) ?? Data()
    }

    static func decode(_ data: Data) -> JobRecord? {
        try? JSONDecoder().decode(JobRecord.self, from: data)
    }
}

/// Pure helpers for the files a job leaves behind.
enum SpoolFormat {
    /// The process start time (field 22, clock ticks since boot) from `/proc/<pid>/stat` text.
    static func startTicks(procStat text: String) -> UInt64? {
        guard let close = text.lastIndex(of: ")") else { return nil }
        // Fields after the name start with the state (field 3); start time is field 22.
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 19 else { return nil }
        return UInt64(fields[19])
    }

    /// The exit file's content: the shell's `$?` (0-255; 128+N for a command ended by signal N).
    static func exitCode(_ text: String) -> Int32? {
        Int32(text.trimmingWhitespace())
    }

    /// The wrapper run by `/bin/sh -c`: the job's command line runs in a child shell, then its
    /// status goes to a temporary file renamed over the exit file (a reader never sees half of
    /// it). Positional parameters carry the command and path, so nothing needs quoting.
    static let wrapperScript = "/bin/sh -c \"$1\"; code=$?; echo $code > \"$2.part\" && mv -f \"$2.part\" \"$2\"; exit $code"

    /// argv of the wrapper for a command line and an exit file.
    static func wrapperArguments(command: String, exitPath: String) -> [String] {
        ["/bin/sh", "-c", wrapperScript, "coalition-job", command, exitPath]
    }
}
