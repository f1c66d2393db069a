/// The `[server] journal` setting.
enum JournalMode: String, Sendable {
    /// Every acknowledged change is on disk (fdatasync, shared by concurrent changes).
    case fsync
    /// Every acknowledged change is in the kernel: it survives the process, not a power cut.
    case write
    /// No journal: only the snapshots (a crash loses the changes since the last one).
    case off
}
