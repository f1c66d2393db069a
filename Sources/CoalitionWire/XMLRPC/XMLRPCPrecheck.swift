#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Cheap byte-level checks run before libxml2 sees a request.
///
/// They make the two most dangerous refusals independent of parser options:
/// a document type declaration (the vehicle for entity expansion and external
/// entities) is never handed to libxml2, and only UTF-8 is ever parsed.
enum XMLRPCPrecheck {
    /// Byte offset of the first invalid UTF-8 sequence, or `nil` when `bytes`
    /// is well-formed UTF-8 (no overlongs, surrogates or values past U+10FFFF).
    static func firstInvalidUTF8(_ bytes: UnsafeRawBufferPointer) -> Int? {
        let count = bytes.count
        var index = 0
        while index < count {
            // Skip ASCII eight bytes at a time; requests are mostly ASCII.
            while index + 8 <= count,
                bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0
            {
                index += 8
            }
            guard index < count else { break }
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var lower: UInt8 = 0x80
            var upper: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; upper = 0x9F
            case 0xF0: length = 4; lower = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; upper = 0x8F
            default: return index
            }
            guard index + length <= count else { return index }
            let second = bytes[index + 1]
            guard second >= lower, second <= upper else { return index }
            for offset in 2..<length where bytes[index + offset] & 0xC0 != 0x80 {
                return index
            }
            index += length
        }
        return nil
    }

    /// Whether the document contains a markup declaration (`<!DOCTYPE`,
    /// `<!ENTITY`, `<!ELEMENT`, …) outside comments, CDATA sections and
    /// processing instructions. Raw `<` cannot occur in text or attribute
    /// values, so this scan does not need a real tokenizer.
    static func containsMarkupDeclaration(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let count = bytes.count
        var index = 0
        while let open = find(UInt8(ascii: "<"), in: bytes, from: index) {
            let next = open + 1
            guard next < count else { return false }
            if bytes[next] == UInt8(ascii: "?") {
                guard let end = find("?>", in: bytes, from: next + 1) else { return false }
                index = end
            } else if bytes[next] == UInt8(ascii: "!") {
                if hasPrefix("<!--", in: bytes, at: open) {
                    guard let end = find("-->", in: bytes, from: open + 4) else { return false }
                    index = end
                } else if hasPrefix("<![CDATA[", in: bytes, at: open) {
                    guard let end = find("]]>", in: bytes, from: open + 9) else { return false }
                    index = end
                } else {
                    return true
                }
            } else {
                index = next
            }
        }
        return false
    }

    private static func find(_ byte: UInt8, in bytes: UnsafeRawBufferPointer, from start: Int) -> Int? {
        guard start < bytes.count, let base = bytes.baseAddress else { return nil }
        guard let hit = memchr(base + start, Int32(byte), bytes.count - start) else { return nil }
        return UnsafeRawPointer(hit) - base
    }

    /// Index just past the first occurrence of `marker` at or after `start`.
    private static func find(_ marker: StaticString, in bytes: UnsafeRawBufferPointer, from start: Int) -> Int? {
        let first = marker.utf8Start.pointee
        var index = start
        while let hit = find(first, in: bytes, from: index) {
            if hasPrefix(marker, in: bytes, at: hit) { return hit + marker.utf8CodeUnitCount }
            index = hit + 1
        }
        return nil
    }

    private static func hasPrefix(_ marker: StaticString, in bytes: UnsafeRawBufferPointer, at start: Int) -> Bool {
        let length = marker.utf8CodeUnitCount
        guard start + length <= bytes.count else { return false }
        let pattern = UnsafeBufferPointer(start: marker.utf8Start, count: length)
        for offset in 0..<length where bytes[start + offset] != pattern[offset] {
            return false
        }
        return true
    }
}
