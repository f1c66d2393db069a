import Synchronization

/// Running figures of the journal for the operator: commits (fsyncs), records per
/// commit, time spent syncing.
final class JournalStatistics: Sendable {
    struct Totals: Sendable {
        var commits = 0
        var syncs = 0
        var records = 0
        var bytes = 0
        var syncSeconds = 0.0
        var maxRecordsPerCommit = 0
    }

    private let totals = Mutex(Totals())

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
    }

    var current: Totals { totals.withLock { $0 } }
}
