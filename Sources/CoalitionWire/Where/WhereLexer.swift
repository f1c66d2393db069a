/// One token of a `where_clause`, with its byte offsets.
struct WhereToken: Equatable {
    enum Kind: Equatable {
        case word(String)
        case text(String)
        case number(Double)
        case op(WhereOperator)
        case open
        case close

        var display: String {
            switch self {
            case .word(let w): return "'\(w)'"
            case .text: return "a string"
            case .number: return "a number"
            case .op(let o): return "'\(o.rawValue)'"
            case .open: return "'('"
            case .close: return "')'"
            }
        }
    }

    var kind: Kind
    var offset: Int
    var end: Int
}

/// Splits a `where_clause` into tokens; any character outside the language (`;`, `*`,
/// comments, backticks, `?`...) is an error.
enum WhereLexer {
    static func tokens(_ text: String) throws(WhereSyntaxError) -> [WhereToken] {
        let b = Array(text.utf8)
        var out: [WhereToken] = []
        var i = 0
        func byte(_ k: Int) -> UInt8? { k < b.count ? b[k] : nil }
        while i < b.count {
            let c = b[i]
            let start = i
            switch c {
            case 0x20, 0x09, 0x0A, 0x0D:
                i += 1
                continue
            case UInt8(ascii: "("): i += 1; out.append(WhereToken(kind: .open, offset: start, end: i))
            case UInt8(ascii: ")"): i += 1; out.append(WhereToken(kind: .close, offset: start, end: i))
            case UInt8(ascii: "'"), UInt8(ascii: "\""):
                var bytes: [UInt8] = []
                i += 1
                var closed = false
                while i < b.count {
                    if b[i] == c {
                        if byte(i + 1) == c { bytes.append(c); i += 2; continue }
                        i += 1
                        closed = true
                        break
                    }
                    bytes.append(b[i])
                    i += 1
                }
                guard closed else { throw WhereSyntaxError(message: "unterminated string", offset: start) }
                out.append(WhereToken(kind: .text(String(decoding: bytes, as: UTF8.self)), offset: start, end: i))
            case UInt8(ascii: "="):
                i += byte(i + 1) == UInt8(ascii: "=") ? 2 : 1
                out.append(WhereToken(kind: .op(.equal), offset: start, end: i))
            case UInt8(ascii: "!"):
                guard byte(i + 1) == UInt8(ascii: "=") else { throw WhereSyntaxError(message: "unexpected '!'", offset: start) }
                i += 2
                out.append(WhereToken(kind: .op(.notEqual), offset: start, end: i))
            case UInt8(ascii: "<"):
                let op: WhereOperator
                switch byte(i + 1) {
                case UInt8(ascii: "=")?: op = .lessOrEqual; i += 2
                case UInt8(ascii: ">")?: op = .notEqual; i += 2
                default: op = .less; i += 1
                }
                out.append(WhereToken(kind: .op(op), offset: start, end: i))
            case UInt8(ascii: ">"):
                let op: WhereOperator = byte(i + 1) == UInt8(ascii: "=") ? .greaterOrEqual : .greater
                i += op == .greater ? 1 : 2
                out.append(WhereToken(kind: .op(op), offset: start, end: i))
            case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "0")...UInt8(ascii: "9"):
                i += 1
                while let d = byte(i), (d >= 0x30 && d <= 0x39) || d == UInt8(ascii: ".") { i += 1 }
                let literal = String(decoding: b[start..<i], as: UTF8.self)
                guard let value = Double(literal), value.isFinite else {
                    throw WhereSyntaxError(message: "malformed number '\(literal)'", offset: start)
                }
                out.append(WhereToken(kind: .number(value), offset: start, end: i))
            case _ where isWordStart(c):
                i += 1
                while let d = byte(i), isWordStart(d) || (d >= 0x30 && d <= 0x39) { i += 1 }
                out.append(WhereToken(kind: .word(String(decoding: b[start..<i], as: UTF8.self)), offset: start, end: i))
            default:
                throw WhereSyntaxError(message: "unsupported character '\(String(decoding: [c], as: UTF8.self))'", offset: start)
            }
        }
        return out
    }

    private static func isWordStart(_ c: UInt8) -> Bool {
        (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == UInt8(ascii: "_")
    }
}
