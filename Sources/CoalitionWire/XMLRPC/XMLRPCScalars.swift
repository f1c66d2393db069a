/// Text-to-number conversions shared by the decoder and the lenient accessors.
enum XMLRPCScalars {
    /// XML whitespace (space, tab, LF, CR): the only characters trimmed around
    /// numbers, as Python's `int()`/`float()` do for these inputs.
    @inline(__always)
    static func isXMLSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// Whether `text` is empty or only XML whitespace.
    static func isBlank(_ text: String) -> Bool {
        text.utf8.allSatisfy(isXMLSpace)
    }

    /// `text` without leading and trailing XML whitespace.
    static func trimmed(_ text: String) -> Substring {
        let utf8 = text.utf8
        guard let first = utf8.firstIndex(where: { !isXMLSpace($0) }) else { return "" }
        let last = utf8.lastIndex(where: { !isXMLSpace($0) })!
        return Substring(text.utf8[first...last])
    }

    /// A decimal integer with optional sign and surrounding whitespace;
    /// `nil` when malformed or outside `Int64`.
    static func parseInt(_ text: String) -> Int64? {
        let body = trimmed(text).utf8
        var index = body.startIndex
        guard index != body.endIndex else { return nil }
        var negative = false
        if body[index] == UInt8(ascii: "-") || body[index] == UInt8(ascii: "+") {
            negative = body[index] == UInt8(ascii: "-")
            index = body.index(after: index)
            guard index != body.endIndex else { return nil }
        }
        // Accumulate negatively so that Int64.min is representable.
        var value: Int64 = 0
        while index != body.endIndex {
            let byte = body[index]
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = times10.subtractingReportingOverflow(Int64(byte - 0x30))
            guard !overflow1, !overflow2 else { return nil }
            value = next
            index = body.index(after: index)
        }
        if negative { return value }
        guard value != .min else { return nil }
        return -value
    }

    /// A decimal floating-point number (`1`, `-2.5`, `1e+20`) or `inf`/`nan`
    /// as Python writes them; hexadecimal forms are refused.
    static func parseDouble(_ text: String) -> Double? {
        let body = trimmed(text)
        guard !body.isEmpty else { return nil }
        let allowed = body.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e")
                || byte == UInt8(ascii: "E") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
        }
        if allowed { return Double(body) }
        switch body.lowercased() {
        case "inf", "+inf", "infinity", "+infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        case "nan", "+nan", "-nan": return .nan
        default: return nil
        }
    }

    /// `0` or `1`, optionally surrounded by whitespace.
    static func parseBool(_ text: String) -> Bool? {
        switch trimmed(text) {
        case "0": return false
        case "1": return true
        default: return nil
        }
    }

    /// Every run of ASCII digits in `text`, in order; runs that overflow `Int64`
    /// are skipped rather than failing the whole list.
    static func digitRuns(_ text: String) -> [Int64] {
        var result: [Int64] = []
        var current: Int64? = nil
        var overflowed = false
        for byte in text.utf8 {
            if byte >= 0x30, byte <= 0x39 {
                let base = current ?? 0
                let (times10, o1) = base.multipliedReportingOverflow(by: 10)
                let (next, o2) = times10.addingReportingOverflow(Int64(byte - 0x30))
                overflowed = overflowed || o1 || o2
                current = next
            } else if let value = current {
                if !overflowed { result.append(value) }
                current = nil
                overflowed = false
            }
        }
        if let value = current, !overflowed { result.append(value) }
        return result
    }
}
