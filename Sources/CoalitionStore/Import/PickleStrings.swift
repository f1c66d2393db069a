/// The two text encodings of protocol 0: `S` carries a Python 2 `repr` of a `str`
/// (quoted, backslash escapes), `V` a `unicode` in raw-unicode-escape (Latin-1 bytes with
/// `\uXXXX` and `\UXXXXXXXX`).
enum PickleStrings {
    /// Decodes `'…'` or `"…"` with Python 2's string escapes into the raw bytes.
    static func pythonStringLiteral(_ text: ArraySlice<UInt8>, _ at: Int) throws(PickleError) -> [UInt8] {
        guard text.count >= 2, let q = text.first, q == UInt8(ascii: "'") || q == UInt8(ascii: "\""),
              text.last == q else {
            throw .malformed("STRING argument is not a quoted literal", offset: at)
        }
        let body = text.dropFirst().dropLast()
        guard body.contains(UInt8(ascii: "\\")) else { return Array(body) }
        var out: [UInt8] = []
        out.reserveCapacity(body.count)
        var i = body.startIndex
        while i < body.endIndex {
            let c = body[i]
            i += 1
            guard c == UInt8(ascii: "\\") else {
                out.append(c)
                continue
            }
            guard i < body.endIndex else { throw .malformed("STRING ends with a backslash", offset: at) }
            let e = body[i]
            i += 1
            switch e {
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "a"): out.append(0x07)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "v"): out.append(0x0B)
            case UInt8(ascii: "\\"), UInt8(ascii: "'"), UInt8(ascii: "\""): out.append(e)
            case UInt8(ascii: "\n"): break
            case UInt8(ascii: "x"):
                guard i + 1 < body.endIndex, let h = hex(body[i]), let l = hex(body[i + 1]) else {
                    throw .malformed("bad \\x escape in STRING", offset: at)
                }
                out.append(h << 4 | l)
                i += 2
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                var v = Int(e - UInt8(ascii: "0"))
                var n = 1
                while n < 3, i < body.endIndex, (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(body[i]) {
                    v = v * 8 + Int(body[i] - UInt8(ascii: "0"))
                    i += 1
                    n += 1
                }
                out.append(UInt8(truncatingIfNeeded: v))
            default:
                // Python keeps an unknown escape as written.
                out.append(UInt8(ascii: "\\"))
                out.append(e)
            }
        }
        return out
    }

    /// Decodes raw-unicode-escape text into a string.
    static func rawUnicodeEscape(_ text: ArraySlice<UInt8>, _ at: Int) throws(PickleError) -> String {
        var scalars = String.UnicodeScalarView()
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            if c == UInt8(ascii: "\\"), i + 1 < text.endIndex,
               text[i + 1] == UInt8(ascii: "u") || text[i + 1] == UInt8(ascii: "U") {
                let width = text[i + 1] == UInt8(ascii: "u") ? 4 : 8
                guard i + 2 + width <= text.endIndex else { throw .malformed("bad \\u escape in UNICODE", offset: at) }
                var v: UInt32 = 0
                for k in 0..<width {
                    guard let d = hex(text[i + 2 + k]) else { throw .malformed("bad \\u escape in UNICODE", offset: at) }
                    v = v << 4 | UInt32(d)
                }
                // A lone surrogate cannot be a Swift scalar; the replacement character keeps the rest.
                scalars.append(Unicode.Scalar(v) ?? "\u{FFFD}")
                i += 2 + width
            } else {
                scalars.append(Unicode.Scalar(c))
                i += 1
            }
        }
        return String(scalars)
    }

    static func hex(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
