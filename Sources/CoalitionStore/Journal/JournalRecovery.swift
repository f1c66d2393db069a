import CoalitionCore

/// Reads the journal at start-up and hands back the records to replay on a snapshot.
public enum JournalRecovery {
    /// Records after the snapshot, in order, and what the operator must be told.
    public struct Plan: Sendable {
        public var records: [JournalFormat.Record]
        /// The last sequence number in the journal (or the snapshot's, when it holds none later).
        public var lastSequence: UInt64
        public var messages: [String]
        /// A torn tail to cut before writing again: the segment, its intact length, its bytes.
        public var tornTail: (segment: JournalDirectory.Segment, length: Int, bytes: [UInt8])?
    }

    /// Why the journal cannot be replayed. Nothing has been changed on disk.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Scans every segment and selects the records after `snapshotSequence`.
    /// - Throws: damage in the middle of a segment, a torn record in a segment that is not
    ///   the last, a gap in the sequence numbers after the snapshot, unreadable files.
    public static func plan(_ directory: JournalDirectory, snapshotSequence: UInt64,
                            read: (String) -> [UInt8]?) throws(Failure) -> Plan {
        try select(try scan(directory, read: read), after: snapshotSequence)
    }

    /// Every segment, read and decoded: the part of `plan` that does not depend on the
    /// snapshot, so start-up runs it while the snapshot loads.
    public struct Scanned: Sendable {
        var segments: [(segment: JournalDirectory.Segment, bytes: [UInt8], scan: JournalFormat.Scan)]
    }

    /// Reads and decodes every segment, in order.
    public static func scan(_ directory: JournalDirectory, read: (String) -> [UInt8]?) throws(Failure) -> Scanned {
        var scanned = Scanned(segments: [])
        for segment in directory.segments() {
            guard let bytes = read(segment.path) else {
                throw Failure(description: "cannot read journal segment \(segment.path)")
            }
            do {
                scanned.segments.append((segment, bytes, try JournalFormat.scan(bytes)))
            } catch {
                throw Failure(description: "journal segment \(segment.path) is damaged: \(error); "
                              + "nothing was changed, the files are kept for inspection")
            }
        }
        return scanned
    }

    /// Selects the records after `snapshotSequence` from the scanned segments.
    public static func select(_ scanned: Scanned, after snapshotSequence: UInt64) throws(Failure) -> Plan {
        var plan = Plan(records: [], lastSequence: snapshotSequence, messages: [], tornTail: nil)
        let segments = scanned.segments
        for (i, (segment, bytes, scan)) in segments.enumerated() {
            if scan.tornTail {
                guard i == segments.count - 1 else {
                    throw Failure(description: "journal segment \(segment.path) is cut short at byte \(scan.intactEnd) "
                                  + "but a later segment exists; nothing was changed")
                }
                plan.tornTail = (segment, scan.intactEnd, bytes)
                plan.messages.append("WARNING: \(segment.path): dropped \(scan.size - scan.intactEnd) bytes of a record "
                                     + "cut short by a crash at byte \(scan.intactEnd) (never acknowledged); kept as "
                                     + "\(segment.path).torn")
            }
            if let first = scan.records.first, first.sequence != segment.firstSequence {
                throw Failure(description: "journal segment \(segment.path) starts with record \(first.sequence); "
                              + "nothing was changed")
            }
            // Records the snapshot already holds are skipped; after it, none may be missing.
            for record in scan.records where record.sequence > snapshotSequence {
                let expected = plan.records.last.map { $0.sequence + 1 } ?? snapshotSequence + 1
                guard record.sequence == expected else {
                    throw Failure(description: "journal record \(expected) is missing (\(segment.path) byte "
                                  + "\(record.offset) holds \(record.sequence); the snapshot ends at "
                                  + "\(snapshotSequence)); nothing was changed")
                }
                plan.records.append(record)
            }
        }
        if let last = plan.records.last { plan.lastSequence = last.sequence }
        return plan
    }
}
