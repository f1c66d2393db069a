import CoalitionCore

/// The journal's file format. A segment file starts with `COALJRNL` and a version; then
/// records, each `u32 length | u64 sequence | operation (length bytes) | u32 CRC-32` of
/// the sequence and the operation, little-endian. Sequence numbers increase by one from
/// record to record and across segments.
public enum JournalFormat {
    static let magic: [UInt8] = Array("COALJRNL".utf8)
    public static let version: UInt32 = 1
    public static let headerSize = 12
    /// Framing around an operation: length, sequence, CRC.
    static let overhead = 16
    /// No single operation is this large (a 64 MB body limit is far below).
    static let maxPayload = 1 << 30

    /// The header of a new segment.
    public static func header() -> [UInt8] {
        var w = ByteWriter()
        w.bytes.append(contentsOf: magic)
        w.u32(version)
        return w.bytes
    }

    /// Appends one framed record to `out`.
    public static func appendRecord(_ operation: FarmOperation, sequence: UInt64, to out: inout [UInt8]) {
        var w = ByteWriter()
        swap(&w.bytes, &out)
        let start = w.bytes.count
        w.u32(0)
        w.u64(sequence)
        OperationCodec.encode(operation, into: &w)
        let length = w.bytes.count - start - 12
        w.bytes.withUnsafeMutableBytes { buf in
            for i in 0..<4 { buf[start + i] = UInt8(truncatingIfNeeded: length >> (8 * i)) }
        }
        w.u32(CRC32.checksum(w.bytes, from: start + 4, to: w.bytes.count))
        swap(&w.bytes, &out)
    }

    /// One record read back.
    public struct Record: Sendable {
        public var sequence: UInt64
        public var operation: FarmOperation
        /// Where the record starts in its file.
        public var offset: Int
    }

    /// What a scan of a segment found.
    public struct Scan: Sendable {
        public var records: [Record]
        /// End of the last intact record: where the file should end.
        public var intactEnd: Int
        /// True when bytes after `intactEnd` were a record cut short by a crash.
        public var tornTail: Bool { intactEnd < size }
        public var size: Int
    }

    /// A segment that cannot be trusted: not a journal, a newer version, or a damaged
    /// record followed by intact ones.
    public struct Damage: Error, Sendable, CustomStringConvertible {
        public var offset: Int
        public var reason: String
        public var description: String { "\(reason) at byte \(offset)" }
    }

    /// Reads every record of a segment. A damaged record with nothing intact after it is a
    /// write cut short by a crash (a torn tail): the scan ends before it. A damaged record
    /// followed by an intact one is damage in the middle, and throws.
    public static func scan(_ bytes: [UInt8]) throws(Damage) -> Scan {
        guard bytes.count >= headerSize else {
            // A crash can leave a segment whose header was never completely written.
            if bytes.isEmpty || Array(bytes) == Array(magic.prefix(bytes.count)) {
                return Scan(records: [], intactEnd: 0, size: bytes.count)
            }
            throw Damage(offset: 0, reason: "not a coalition journal")
        }
        guard Array(bytes[0..<magic.count]) == magic else { throw Damage(offset: 0, reason: "not a coalition journal") }
        var header = ByteReader(bytes, from: magic.count, to: headerSize)
        let v = (try? header.u32()) ?? 0
        guard v == version else { throw Damage(offset: magic.count, reason: "journal format version \(v) is not supported (this server reads \(version))") }
        var records: [Record] = []
        var offset = headerSize
        var previous: UInt64?
        while offset < bytes.count {
            switch frame(bytes, at: offset) {
            case .intact(let sequence, let payload, let end):
                if let p = previous, sequence != p + 1 {
                    throw Damage(offset: offset, reason: "sequence \(sequence) follows \(p)")
                }
                let operation: FarmOperation
                do {
                    operation = try OperationCodec.decode(Array(bytes[payload]))
                } catch {
                    throw Damage(offset: offset, reason: "record \(sequence) is intact but unreadable (\(error))")
                }
                records.append(Record(sequence: sequence, operation: operation, offset: offset))
                previous = sequence
                offset = end
            case .bad(let reason):
                if let later = firstIntactRecord(bytes, after: offset, previous: previous) {
                    throw Damage(offset: offset, reason: "\(reason); an intact record follows at byte \(later)")
                }
                return Scan(records: records, intactEnd: offset, size: bytes.count)
            }
        }
        return Scan(records: records, intactEnd: offset, size: bytes.count)
    }

    enum Frame {
        case intact(sequence: UInt64, payload: Range<Int>, end: Int)
        case bad(String)
    }

    static func frame(_ bytes: [UInt8], at offset: Int) -> Frame {
        guard bytes.count - offset >= overhead else { return .bad("record header cut short") }
        var r = ByteReader(bytes, from: offset)
        let length = Int((try? r.u32()) ?? 0)
        guard length > 0, length <= maxPayload else { return .bad("implausible record length \(length)") }
        guard bytes.count - offset - overhead >= length else { return .bad("record cut short") }
        let sequence = (try? r.u64()) ?? 0
        let payloadStart = offset + 12
        let end = payloadStart + length + 4
        var trailer = ByteReader(bytes, from: end - 4)
        let stored = (try? trailer.u32()) ?? 0
        guard CRC32.checksum(bytes, from: offset + 4, to: end - 4) == stored else { return .bad("checksum mismatch") }
        return .intact(sequence: sequence, payload: payloadStart..<(end - 4), end: end)
    }

    /// The offset of an intact record after a bad one, if any. Only plausible starts are
    /// checked in full (a sequence number just above the last good one), so a long torn
    /// tail costs one pass.
    static func firstIntactRecord(_ bytes: [UInt8], after offset: Int, previous: UInt64?) -> Int? {
        var o = offset + 1
        while o + overhead <= bytes.count {
            var r = ByteReader(bytes, from: o + 4)
            if let sequence = try? r.u64(), previous.map({ sequence > $0 && sequence - $0 < 1 << 32 }) ?? (sequence > 0 && sequence < 1 << 48),
               case .intact = frame(bytes, at: o) {
                return o
            }
            o += 1
        }
        return nil
    }
}
