import Synchronization

/// Running figures of the journal for the operator: commits (fsyncs), records per
/// commit, time spent syncing. Each commit is also handed to `onCommit` (metrics, the
/// event log), on the journal's writing thread.
final class JournalStatistics: Sendable {
    struct Totals: Sendable {
        var commits = 0
        var syncs = 0
        var records = 0
        var bytes = 0
        var syncSeconds = 0.0
        var maxRecordsPerCommit = 0
    }

    /// One group commit: the records it made durable, their bytes, and how long writing
    /// (and, with `journal = fsync`, syncing) them took.
    struct Commit: Sendable {
        var records: Int
        var bytes: Int
        var seconds: Double
        var synced: Bool
    }

    private let totals = Mutex(Totals())
    private let onCommit: (@Sendable (Commit) -> Void)?

    init(onCommit: (@Sendable (Commit) -> Void)? = nil) {
        self.onCommit = onCommit
    }

    func recordCommit(records: Int, bytes: Int, seconds: Double, synced: Bool) {
        totals.withLock { t in
            t.commits += 1
            if synced {
                t.syncs += 1
                t.syncSeconds += seconds
            }
            t.records += records
            t.bytes += bytes
            t.maxRecordsPerCommit = max(t.maxRecordsPerCommit, records)
        }
        onCommit?(Commit(records: records, bytes: bytes, seconds: seconds, synced: synced))
    }

    var current: Totals { totals.withLock { $0 } }
}
