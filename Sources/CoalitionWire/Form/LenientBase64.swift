/// Base64 as worker logs arrive: `Base64` in its lenient dialect.
public enum LenientBase64 {
    /// The decoded bytes, or nil when the text is not base64.
    public static func decode(_ text: some Sequence<UInt8>) -> [UInt8]? {
        Base64.decode(Array(text), .lenient)
    }

    /// Standard padded base64.
    public static func encode(_ bytes: [UInt8]) -> String {
        Base64.encode(bytes)
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
