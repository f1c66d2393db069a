import CoalitionStore
import Foundation
import Logging

/// Periodic snapshots (reference 8): every `savetime` seconds when something changed,
/// backups every `backuptime`, and a last save at shutdown. Encoding and writing run
/// here, off the farm actor, on a copy of the state, so requests are never blocked.
actor Saver {
    let service: FarmService
    let files: SnapshotFiles
    let settings: ServerSettings
    let logger: Logger
    /// The journal's figures, logged with each save (nil without a journal).
    let journal: JournalStatistics?
    private var journalAtLastSave = JournalStatistics.Totals()
    private var savedRevision: Int?
    private var lastBackup: Double

    init(service: FarmService, files: SnapshotFiles, settings: ServerSettings, logger: Logger,
         journal: JournalStatistics?, savedRevision: Int?) {
        self.journal = journal
        self.service = service
        self.files = files
        self.settings = settings
        self.logger = logger
        self.savedRevision = savedRevision
        self.lastBackup = Date().timeIntervalSince1970
    }

    /// Runs until cancelled. A change is saved `savedelay` seconds after it happened, and
    /// in any case within `savetime`; between two saves the saver rests at least three
    /// times as long as the last one took, so snapshots of a huge farm use at most a
    /// quarter of a core. With `savedelay=0` a change waits for the next `savetime` as in
    /// the original.
    func run() async {
        let tick = settings.saveDelay > 0 ? min(0.25, settings.saveDelay) : min(5, settings.saveTime)
        var changedSince: Double?
        var lastSave = Date().timeIntervalSince1970
        var lastCost = 0.0
        while !Task.isCancelled {
            try? await Task.sleep(nanoseconds: UInt64(tick * 1e9))
            if Task.isCancelled { break }
            let now = Date().timeIntervalSince1970
            guard service.revision != savedRevision else {
                changedSince = nil
                continue
            }
            let since = changedSince ?? now
            changedSince = since
            let quick = settings.saveDelay > 0 && now - since >= settings.saveDelay && now - lastSave >= 3 * lastCost
            let periodic = now - lastSave >= settings.saveTime
            guard quick || periodic else { continue }
            let started = Date()
            await saveIfChanged()
            lastCost = Date().timeIntervalSince(started)
            lastSave = Date().timeIntervalSince1970
            changedSince = nil
        }
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    /// One line of journal figures since the previous one: records, syncs, records per
    /// sync, mean sync time.
    func logJournalFigures() {
        guard let now = journal?.current else { return }
        let before = journalAtLastSave
        journalAtLastSave = now
        let records = now.records - before.records
        guard records > 0 else { return }
        let syncs = now.syncs - before.syncs
        let perSync = syncs > 0 ? Double(records) / Double(syncs) : 0
        let meanSync = syncs > 0 ? (now.syncSeconds - before.syncSeconds) / Double(syncs) * 1000 : 0
        let line = "journal: \(records) records, \(now.bytes - before.bytes) bytes, \(syncs) syncs "
            + "(\(String(format: "%.1f", perSync)) records per sync, \(String(format: "%.2f", meanSync)) ms per sync, "
            + "at most \(now.maxRecordsPerCommit) in one)"
        logger.info("\(line)")
    }

    /// Saves when the farm changed since the last save; never throws, a failure is logged
    /// and the next round tries again.
    @discardableResult
    func saveIfChanged() async -> Bool {
        guard let (state, revision, sequence) = await service.snapshot(ifChangedSince: savedRevision) else { return true }
        let now = Date().timeIntervalSince1970
        if settings.backupMax > 0 && now - lastBackup >= settings.backupTime {
            let started = ContinuousClock.now
            do {
                try files.rotateBackups(keep: settings.backupMax)
                lastBackup = now
                service.events.backedUp(keep: settings.backupMax, seconds: Self.seconds(ContinuousClock.now - started))
            } catch {
                service.events.backupFailed(String(describing: error))
            }
        }
        let started = ContinuousClock.now
        let bytes = SnapshotCodec.encode(state, journalSequence: sequence)
        do {
            try files.save(bytes)
            savedRevision = revision
            // The snapshot holds every journal record up to `sequence`: their segments go.
            service.snapshotSaved(upTo: sequence)
            let elapsed = ContinuousClock.now - started
            service.noteDurable(at: now)
            service.metrics.recordSnapshot(nanoseconds: Int64(Self.seconds(elapsed) * 1e9), bytes: bytes.count)
            service.events.saved(jobs: state.jobs.count - 1, bytes: bytes.count, seconds: Self.seconds(elapsed))
            logJournalFigures()
            return true
        } catch {
            service.events.saveFailed(String(describing: error))
            return false
        }
    }
}
