import CoalitionCore
import CoalitionStore
import Foundation
import Synchronization

/// Start-up: the newest intact snapshot, then the journal records after it, replayed
/// through the farm's one door.
enum Recovery {
    struct Outcome {
        /// The last journal record now in the farm.
        var lastSequence: UInt64
        var replayed: Int
        /// Lines for the operator.
        var messages: [String]
        /// Where the time went: reading and decoding the snapshot and the journal, rebuilding what is
        /// derived from it, replaying the journal.
        var phases = Phases()
    }

    /// Durations of the start-up phases.
    struct Phases {
        var read: Duration = .zero
        var rebuild: Duration = .zero
        var replay: Duration = .zero

        /// `read 1200 ms, rebuild 900 ms, replay 400 ms`.
        var summary: String {
            func ms(_ d: Duration) -> Int { Int(d.components.seconds * 1000 + d.components.attoseconds / 1_000_000_000_000_000) }
            return "read \(ms(read)) ms, rebuild \(ms(rebuild)) ms, replay \(ms(replay)) ms"
        }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Loads `directory`'s state. Throws, changing nothing, when the snapshot and its
    /// backups are all damaged or the journal cannot be replayed completely.
    /// - Parameter importV3: an original Coalition v3 `master_db` to import instead
    ///   (`--import-v3`); an original file found as `master_db` is imported by `load` itself.
    static func load(files: SnapshotFiles, journal: JournalDirectory, backups: Int, importV3: String? = nil,
                     settings: FarmSettings, now: Double, outcome: inout Outcome) throws(Failure) -> sending Farm {
        let clock = ContinuousClock()
        var phases = Phases()
        var phaseStart = clock.now
        func endPhase(_ phase: WritableKeyPath<Phases, Duration>) {
            let now = clock.now
            phases[keyPath: phase] = now - phaseStart
            phaseStart = now
        }
        // The journal is read and decoded on a thread of its own while the snapshot loads.
        let scanned = Mutex<Result<JournalRecovery.Scanned, JournalRecovery.Failure>?>(nil)
        let scanDone = DispatchSemaphore(value: 0)
        let scanner = Thread {
            let result = Result { () throws(JournalRecovery.Failure) in try JournalRecovery.scan(journal, read: files.readFile) }
            scanned.withLock { $0 = result }
            scanDone.signal()
        }
        scanner.start()
        var loaded: SnapshotFiles.Loaded
        do {
            if let importV3 {
                loaded = try files.importV3(file: importV3)
            } else {
                loaded = try files.load(backups: backups)
            }
        } catch {
            scanDone.wait()
            throw Failure(description: "\(error)")
        }
        scanDone.wait()
        let plan: JournalRecovery.Plan
        do {
            let scan = try scanned.withLock { $0 }!.get()
            plan = try JournalRecovery.select(scan, after: loaded.journalSequence)
        } catch {
            throw Failure(description: error.description)
        }
        endPhase(\.read)
        var messages = loaded.messages + plan.messages
        var farm: Farm
        if let state = loaded.state {
            // Drop every other reference first: the rebuild then updates the trees in place.
            loaded.state = nil
            farm = Farm(restoring: consume state, settings: settings, now: now)
        } else {
            farm = Farm(settings: settings, now: now)
        }
        endPhase(\.rebuild)
        for record in plan.records {
            do {
                try farm.replay(record.operation)
            } catch {
                throw Failure(description: "journal record \(record.sequence) does not fit the snapshot "
                              + "(\(loaded.source ?? "empty farm")): \(error); nothing was changed")
            }
        }
        endPhase(\.replay)
        if !plan.records.isEmpty {
            farm.resumeClock(now: now)
            messages.append("replayed \(plan.records.count) journal records (\(plan.records.first!.sequence)..."
                            + "\(plan.lastSequence)) after \(loaded.source ?? "an empty farm")")
        }
        if let torn = plan.tornTail {
            do {
                try journal.cutTornTail(of: torn.segment, at: torn.length, bytes: torn.bytes)
            } catch {
                throw Failure(description: "cannot cut the torn tail of \(torn.segment.path): \(error)")
            }
        }
        outcome = Outcome(lastSequence: plan.lastSequence, replayed: plan.records.count, messages: messages, phases: phases)
        return farm
    }
}
