/// One value of the small Python literal subset that Coalition servers send to workers:
/// integers, strings and `None`.
public enum PythonLiteral: Equatable, Sendable {
    case int(Int64)
    /// A string literal's value as bytes (Python 2 strings are byte strings; `\u` escapes
    /// of text literals are stored UTF-8 encoded).
    case string([UInt8])
    case none

    /// The value as text: strings decoded as UTF-8 (invalid bytes replaced), `None` as nil,
    /// integers in decimal.
    public var text: String? {
        switch self {
        case .int(let value): return String(value)
        case .string(let bytes): return String(decoding: bytes, as: UTF8.self)
        case .none: return nil
        }
    }

    /// The integer value, if this is an integer.
    public var intValue: Int64? {
        if case .int(let value) = self { return value }
        return nil
    }
}

/// Why a Python literal could not be parsed; `offset` is a byte offset into the input.
public struct PythonLiteralError: Error, Equatable, CustomStringConvertible, Sendable {
    public var offset: Int
    public var reason: String

    public init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }

    public var description: String { "invalid Python literal at offset \(offset): \(reason)" }
}

/// Parses the tuple literals a Coalition worker receives from `/workers/pickjob`, such as
/// `7,'render -f 12','/mnt/proj',"",'None'` (v3) or `(7, u'render', u'.', u'', None)` (v4).
///
/// Accepted: optional surrounding parentheses, spaces around commas, a trailing comma,
/// integers with an optional sign and `L` suffix, `None`, strings with `u`/`b`/`r` prefixes in
/// either quote style and the escapes `\\ \' \" \n \r \t \a \b \f \v \xhh \ooo \uXXXX
/// \UXXXXXXXX` and backslash-newline. Anything else is an error; nothing is ever evaluated.
public enum PythonLiteralParser {
    /// Parses a comma-separated tuple (parentheses optional) into its elements.
    public static func parseTuple(_ text: String) throws(PythonLiteralError) -> [PythonLiteral] {
        var cursor = Cursor(bytes: Array(text.utf8))
        cursor.skipSpace()
        let parenthesized = cursor.consume(UInt8(ascii: "("))
        var values: [PythonLiteral] = []
        cursor.skipSpace()
        while !cursor.atEnd && cursor.peek != UInt8(ascii: ")") {
            values.append(try parseValue(&cursor))
            cursor.skipSpace()
            if !cursor.consume(UInt8(ascii: ",")) { break }
            cursor.skipSpace()
        }
        if parenthesized && !cursor.consume(UInt8(ascii: ")")) {
            throw cursor.error("expected ')'")
        }
        cursor.skipSpace()
        if !cursor.atEnd { throw cursor.error("unexpected text after the literal") }
        if values.isEmpty && !parenthesized { throw cursor.error("empty input") }
        return values
    }

    /// Parses a single value (integer, string or `None`).
    public static func parseValue(_ text: String) throws(PythonLiteralError) -> PythonLiteral {
        var cursor = Cursor(bytes: Array(text.utf8))
        cursor.skipSpace()
        let value = try parseValue(&cursor)
        cursor.skipSpace()
        if !cursor.atEnd { throw cursor.error("unexpected text after the literal") }
        return value
    }

    private static func parseValue(_ cursor: inout Cursor) throws(PythonLiteralError) -> PythonLiteral {
        guard let first = cursor.peek else { throw cursor.error("unexpected end of input") }
        switch first {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"):
            return try parseInteger(&cursor)
        case UInt8(ascii: "'"), UInt8(ascii: "\""):
            return .string(try parseString(&cursor, raw: false, bytesOnly: false))
        default:
            if cursor.consumeWord("None") { return .none }
            return .string(try parsePrefixedString(&cursor))
        }
    }

    private static func parseInteger(_ cursor: inout Cursor) throws(PythonLiteralError) -> PythonLiteral {
        let start = cursor.index
        var negative = false
        if cursor.consume(UInt8(ascii: "-")) {
            negative = true
        } else {
            _ = cursor.consume(UInt8(ascii: "+"))
        }
        cursor.skipSpace()
        var magnitude: UInt64 = 0
        var digits = 0
        while let byte = cursor.peek, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
            let (times, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (plus, o2) = times.addingReportingOverflow(UInt64(byte - UInt8(ascii: "0")))
            if o1 || o2 { throw PythonLiteralError(offset: start, reason: "integer out of range") }
            magnitude = plus
            digits += 1
            cursor.index += 1
        }
        if digits == 0 { throw PythonLiteralError(offset: start, reason: "expected digits") }
        _ = cursor.consume(UInt8(ascii: "L")) || cursor.consume(UInt8(ascii: "l"))
        let limit = negative ? UInt64(Int64.max) + 1 : UInt64(Int64.max)
        if magnitude > limit { throw PythonLiteralError(offset: start, reason: "integer out of range") }
        if negative {
            return .int(magnitude == limit ? Int64.min : -Int64(magnitude))
        }
        return .int(Int64(magnitude))
    }

    private static func parsePrefixedString(_ cursor: inout Cursor) throws(PythonLiteralError) -> [UInt8] {
        var raw = false
        var bytesOnly = false
        var prefixLength = 0
        while let byte = cursor.peek, prefixLength < 2 {
            switch byte | 0x20 {  // lower-cased ASCII letter
            case UInt8(ascii: "u"): break
            case UInt8(ascii: "b"): bytesOnly = true
            case UInt8(ascii: "r"): raw = true
            default:
                if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") {
                    return try parseString(&cursor, raw: raw, bytesOnly: bytesOnly)
                }
                throw cursor.error("expected an integer, a string or None")
            }
            prefixLength += 1
            cursor.index += 1
        }
        guard let quote = cursor.peek, quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\"") else {
            throw cursor.error("expected an integer, a string or None")
        }
        return try parseString(&cursor, raw: raw, bytesOnly: bytesOnly)
    }

    private static func parseString(
        _ cursor: inout Cursor, raw: Bool, bytesOnly: Bool
    ) throws(PythonLiteralError) -> [UInt8] {
        let start = cursor.index
        guard let quote = cursor.next() else { throw cursor.error("unexpected end of input") }
        var out: [UInt8] = []
        while true {
            guard let byte = cursor.next() else {
                throw PythonLiteralError(offset: start, reason: "unterminated string")
            }
            if byte == quote { return out }
            if byte == UInt8(ascii: "\n") {
                throw PythonLiteralError(offset: cursor.index - 1, reason: "newline inside a string")
            }
            if byte != UInt8(ascii: "\\") {
                out.append(byte)
                continue
            }
            guard let escape = cursor.next() else {
                throw PythonLiteralError(offset: start, reason: "unterminated string")
            }
            if raw {
                // Raw strings keep the backslash; it only protects the quote from ending the string.
                out.append(UInt8(ascii: "\\"))
                out.append(escape)
                continue
            }
            try decodeEscape(escape, into: &out, cursor: &cursor, unicode: !bytesOnly)
        }
    }

    private static func decodeEscape(
        _ escape: UInt8, into out: inout [UInt8], cursor: inout Cursor, unicode: Bool
    ) throws(PythonLiteralError) {
        switch escape {
        case UInt8(ascii: "\\"), UInt8(ascii: "'"), UInt8(ascii: "\""): out.append(escape)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "a"): out.append(0x07)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "v"): out.append(0x0B)
        case UInt8(ascii: "\n"): break  // line continuation
        case UInt8(ascii: "x"):
            out.append(UInt8(try cursor.hexNumber(digits: 2)))
        case UInt8(ascii: "0")...UInt8(ascii: "7"):
            var value = UInt32(escape - UInt8(ascii: "0"))
            var count = 1
            while count < 3, let byte = cursor.peek, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "7") {
                value = value * 8 + UInt32(byte - UInt8(ascii: "0"))
                cursor.index += 1
                count += 1
            }
            out.append(UInt8(truncatingIfNeeded: value))
        case UInt8(ascii: "u") where unicode, UInt8(ascii: "U") where unicode:
            let value = try cursor.hexNumber(digits: escape == UInt8(ascii: "u") ? 4 : 8)
            guard let scalar = Unicode.Scalar(value) else {
                throw cursor.error("invalid Unicode code point")
            }
            out.append(contentsOf: Array(String(Character(scalar)).utf8))
        default:
            // Python keeps unknown escapes as written.
            out.append(UInt8(ascii: "\\"))
            out.append(escape)
        }
    }

    private struct Cursor {
        let bytes: [UInt8]
        var index = 0

        var atEnd: Bool { index >= bytes.count }
        var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func next() -> UInt8? {
            guard index < bytes.count else { return nil }
            defer { index += 1 }
            return bytes[index]
        }

        mutating func consume(_ byte: UInt8) -> Bool {
            guard peek == byte else { return false }
            index += 1
            return true
        }

        mutating func consumeWord(_ word: String) -> Bool {
            let w = Array(word.utf8)
            guard index + w.count <= bytes.count, Array(bytes[index..<index + w.count]) == w else { return false }
            if index + w.count < bytes.count, isIdentifier(bytes[index + w.count]) { return false }
            index += w.count
            return true
        }

        mutating func skipSpace() {
            while let byte = peek, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                index += 1
            }
        }

        mutating func hexNumber(digits: Int) throws(PythonLiteralError) -> UInt32 {
            var value: UInt32 = 0
            for _ in 0..<digits {
                guard let byte = next(), let digit = hexValue(byte) else {
                    throw error("invalid hexadecimal escape")
                }
                value = value << 4 | digit
            }
            return value
        }

        func error(_ reason: String) -> PythonLiteralError {
            PythonLiteralError(offset: index, reason: reason)
        }

        private func isIdentifier(_ byte: UInt8) -> Bool {
            (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_")
        }

        private func hexValue(_ byte: UInt8) -> UInt32? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(byte - UInt8(ascii: "A") + 10)
            default: return nil
            }
        }
    }
}
