import CoalitionCore
import CoalitionStore
import Foundation

/// Start-up: the newest intact snapshot, then the journal records after it, replayed
/// through the farm's one door.
enum Recovery {
    struct Outcome {
        /// The last journal record now in the farm.
        var lastSequence: UInt64
        var replayed: Int
        /// Lines for the operator.
        var messages: [String]
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
        var loaded: SnapshotFiles.Loaded
        do {
            if let importV3 {
                loaded = try files.importV3(file: importV3)
            } else {
                loaded = try files.load(backups: backups)
            }
        } catch {
            throw Failure(description: "\(error)")
        }
        let plan: JournalRecovery.Plan
        do {
            plan = try JournalRecovery.plan(journal, snapshotSequence: loaded.journalSequence, read: files.readFile)
        } catch {
            throw Failure(description: error.description)
        }
        var messages = loaded.messages + plan.messages
        var farm: Farm
        if let state = loaded.state {
            // Drop every other reference first: the rebuild then updates the trees in place.
            loaded.state = nil
            farm = Farm(restoring: consume state, settings: settings, now: now)
        } else {
            farm = Farm(settings: settings, now: now)
        }
        for record in plan.records {
            do {
                try farm.replay(record.operation)
            } catch {
                throw Failure(description: "journal record \(record.sequence) does not fit the snapshot "
                              + "(\(loaded.source ?? "empty farm")): \(error); nothing was changed")
            }
        }
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
        outcome = Outcome(lastSequence: plan.lastSequence, replayed: plan.records.count, messages: messages)
        return farm
    }
}
