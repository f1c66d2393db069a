/// Base64 (RFC 4648 alphabet, `=` padding): the one codec of the wire formats. Written
/// here rather than taken from Foundation because the two dialects below differ from
/// Foundation's in what they tolerate, and the decode loop must stay specialized.
public enum Base64 {
    /// How strictly to read.
    public enum Dialect: Sendable {
        /// XML-RPC `<base64>`: XML whitespace is ignored (Python wraps lines every 76
        /// characters); a foreign character or wrong padding makes the value invalid.
        case strict
        /// Worker logs as they arrive in forms (reference 16.2 #3): a space is a `+` that
        /// lost its URL-encoding, `-`/`_` are the URL-safe `+`/`/`, line breaks are
        /// ignored and missing padding is tolerated.
        case lenient
    }

    static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Symbol values; -1 for a foreign byte, -2 for a byte to skip.
    static let strictTable: [Int8] = table(lenient: false)
    static let lenientTable: [Int8] = table(lenient: true)

    static func table(lenient: Bool) -> [Int8] {
        var t = [Int8](repeating: -1, count: 256)
        for (i, c) in alphabet.enumerated() { t[Int(c)] = Int8(i) }
        for skip in ["\n", "\r", "\t"] { t[Int(UInt8(ascii: Unicode.Scalar(skip)!))] = -2 }
        if lenient {
            t[Int(UInt8(ascii: "-"))] = 62
            t[Int(UInt8(ascii: "_"))] = 63
            t[Int(UInt8(ascii: " "))] = 62
        } else {
            t[Int(UInt8(ascii: " "))] = -2
        }
        return t
    }

    /// The decoded bytes, or nil when the text is not base64 in `dialect` (stray
    /// characters, data after padding, an impossible length).
    public static func decode(_ bytes: [UInt8], _ dialect: Dialect) -> [UInt8]? {
        let lenient = dialect == .lenient
        let table = lenient ? lenientTable : strictTable
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count / 4 * 3 + 3)
        var acc: UInt32 = 0
        var bits = 0
        var padding = 0
        var count = 0
        for c in bytes {
            let v = table[Int(c)]
            if v == -2 { continue }
            if c == UInt8(ascii: "=") {
                padding += 1
                continue
            }
            if padding > 0 || v < 0 { return nil }
            acc = (acc << 6) | UInt32(v)
            bits += 6
            count += 1
            if bits >= 8 {
                bits -= 8
                out.append(UInt8((acc >> UInt32(bits)) & 0xFF))
            }
        }
        if count % 4 == 1 || padding > 2 { return nil }
        if !lenient && (count + padding) % 4 != 0 { return nil }
        return out
    }

    /// Appends the standard padded encoding of `bytes` to `output`.
    public static func encode(_ bytes: [UInt8], into output: inout [UInt8]) {
        output.reserveCapacity(output.count + (bytes.count + 2) / 3 * 4)
        var index = 0
        while index + 3 <= bytes.count {
            let chunk = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            output.append(alphabet[Int(chunk >> 18 & 63)])
            output.append(alphabet[Int(chunk >> 12 & 63)])
            output.append(alphabet[Int(chunk >> 6 & 63)])
            output.append(alphabet[Int(chunk & 63)])
            index += 3
        }
        let rest = bytes.count - index
        if rest > 0 {
            let chunk = UInt32(bytes[index]) << 16 | (rest == 2 ? UInt32(bytes[index + 1]) << 8 : 0)
            output.append(alphabet[Int(chunk >> 18 & 63)])
            output.append(alphabet[Int(chunk >> 12 & 63)])
            output.append(rest == 2 ? alphabet[Int(chunk >> 6 & 63)] : UInt8(ascii: "="))
            output.append(UInt8(ascii: "="))
        }
    }

    /// The standard padded encoding of `bytes`.
    public static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        encode(bytes, into: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
