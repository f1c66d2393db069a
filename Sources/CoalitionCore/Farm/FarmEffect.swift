/// Something the model decided that the I/O edge must carry out (files, mail).
public enum FarmEffect: Sendable, Equatable {
    /// Append bytes to `logs/<id>.log`.
    case appendLog(JobID, [UInt8])
    /// Delete `logs/<id>.log` (reset).
    case deleteLog(JobID)
    /// Truncate `logs/<id>.log` if it exists (a new job with a reused id after data loss).
    case truncateLog(JobID)
    /// An e-mail notification to a job's user (reference 14).
    case notify(to: String, text: String)
    /// A line for the server's event log (why a worker went sick, and the like).
    case event(String)
}
