/// Character boundaries in UTF-8 bytes, for answering a byte range of a log without
/// splitting a character: a range starts on a character's first byte and ends after a
/// character's last byte.
public enum UTF8Boundary {
    /// Whether `byte` continues a multi-byte character (`10xxxxxx`).
    @inlinable public static func isContinuation(_ byte: UInt8) -> Bool { byte & 0xC0 == 0x80 }

    /// The first index at or before `index` (but not before `lowerBound`) that does not
    /// continue a character: at most three steps back, since a character has at most four
    /// bytes. `index == bytes.endIndex` is already a boundary.
    public static func characterStart(in bytes: [UInt8], at index: Int, lowerBound: Int = 0) -> Int {
        guard index < bytes.count else { return index }
        var i = index
        while i > lowerBound, index - i < 3, isContinuation(bytes[i]) { i -= 1 }
        return i
    }

    /// The end of the longest prefix of `bytes[start...]` that does not stop inside a
    /// character: a trailing incomplete sequence (a lead byte followed by fewer
    /// continuation bytes than it announces) is left out, to be sent with its remaining
    /// bytes next time. Invalid bytes are not judged here; the decoder replaces them.
    public static func completeEnd(of bytes: [UInt8], from start: Int = 0) -> Int {
        let end = bytes.count
        var lead = end - 1
        while lead >= start, end - lead <= 4, isContinuation(bytes[lead]) { lead -= 1 }
        guard lead >= start, end - lead <= 4 else { return end }
        let needed: Int
        switch bytes[lead] {
        case 0xC0...0xDF: needed = 2
        case 0xE0...0xEF: needed = 3
        case 0xF0...0xF7: needed = 4
        default: needed = 1
        }
        return end - lead < needed ? lead : end
    }
}
