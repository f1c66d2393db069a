/// Base64 as worker logs arrive (reference 16.2 #3): standard alphabet, a space is a `+`
/// that lost its URL-encoding, line breaks are ignored and missing padding is tolerated.
public enum LenientBase64 {
    static let table: [Int8] = {
        var t = [Int8](repeating: -1, count: 256)
        for (i, c) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            t[Int(c)] = Int8(i)
        }
        t[Int(UInt8(ascii: "-"))] = 62
        t[Int(UInt8(ascii: "_"))] = 63
        t[Int(UInt8(ascii: " "))] = 62
        return t
    }()

    /// The decoded bytes, or nil when the text is not base64 (stray characters, data after
    /// padding, an impossible length).
    public static func decode(_ text: some Sequence<UInt8>) -> [UInt8]? {
        decodeBytes(Array(text))
    }

    /// Non-generic so the per-byte loop is specialized whatever the caller's module.
    static func decodeBytes(_ bytes: [UInt8]) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count / 4 * 3 + 3)
        var acc: UInt32 = 0
        var bits = 0
        var padding = 0
        var count = 0
        for c in bytes {
            if c == 0x0A || c == 0x0D || c == 0x09 { continue }
            if c == UInt8(ascii: "=") {
                padding += 1
                continue
            }
            if padding > 0 { return nil }
            let v = table[Int(c)]
            if v < 0 { return nil }
            acc = (acc << 6) | UInt32(v)
            bits += 6
            count += 1
            if bits >= 8 {
                bits -= 8
                out.append(UInt8((acc >> UInt32(bits)) & 0xFF))
            }
        }
        if count % 4 == 1 || padding > 2 { return nil }
        return out
    }

    /// Standard padded base64.
    public static func encode(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i + 2 < bytes.count {
            let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
            out.append(alphabet[Int(n >> 18 & 63)]); out.append(alphabet[Int(n >> 12 & 63)])
            out.append(alphabet[Int(n >> 6 & 63)]); out.append(alphabet[Int(n & 63)])
            i += 3
        }
        let rest = bytes.count - i
        if rest == 1 {
            let n = UInt32(bytes[i]) << 16
            out.append(alphabet[Int(n >> 18 & 63)]); out.append(alphabet[Int(n >> 12 & 63)])
            out.append(UInt8(ascii: "=")); out.append(UInt8(ascii: "="))
        } else if rest == 2 {
            let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8
            out.append(alphabet[Int(n >> 18 & 63)]); out.append(alphabet[Int(n >> 12 & 63)])
            out.append(alphabet[Int(n >> 6 & 63)]); out.append(UInt8(ascii: "="))
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// The worker `load` field: a bracketed list of numbers such as `[37, 12]` (never evaluated).
public enum LoadList {
    public static func parse(_ text: String) -> [Double]? {
        var t = Substring(text)
        while t.first == " " { t.removeFirst() }
        while t.last == " " { t.removeLast() }
        guard t.first == "[" || t.first == "(", t.last == "]" || t.last == ")" else {
            if let single = Double(t), single.isFinite { return [single] }
            return nil
        }
        let inner = t.dropFirst().dropLast()
        if inner.allSatisfy({ $0 == " " }) { return [] }
        var values: [Double] = []
        for piece in inner.split(separator: ",", omittingEmptySubsequences: false) {
            var p = piece
            while p.first == " " { p.removeFirst() }
            while p.last == " " { p.removeLast() }
            if p.isEmpty { continue }
            guard let v = Double(p), v.isFinite else { return nil }
            values.append(v)
        }
        return values
    }
}
