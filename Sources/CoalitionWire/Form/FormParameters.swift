/// Parameters of a request: query string and form body together, in order, with
/// repeated keys kept (`id=3&id=4`). The first occurrence wins for single values.
public struct FormParameters: Sendable {
    public private(set) var pairs: [(String, String)] = []

    public init(pairs: [(String, String)] = []) { self.pairs = pairs }

    /// Parses `application/x-www-form-urlencoded` text: `+` is a space, `%hh` a byte;
    /// bytes that are not UTF-8 become U+FFFD, so stored text is always valid.
    public init(urlEncoded bytes: some Collection<UInt8>) {
        append(urlEncoded: bytes)
    }

    public mutating func append(urlEncoded bytes: some Collection<UInt8>) {
        // One copy into an array, then a non-generic loop: a generic per-byte loop is not
        // specialized across modules and costs seconds on a heartbeat of several MB.
        appendBytes(Array(bytes))
    }

    private mutating func appendBytes(_ bytes: [UInt8]) {
        var start = 0
        bytes.withUnsafeBufferPointer { buf in
            var i = 0
            while i <= buf.count {
                if i == buf.count || buf[i] == UInt8(ascii: "&") || buf[i] == UInt8(ascii: ";") {
                    if i > start { addPair(buf, start, i) }
                    start = i + 1
                }
                i += 1
            }
        }
    }

    private mutating func addPair(_ buf: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) {
        var eq = start
        while eq < end && buf[eq] != UInt8(ascii: "=") { eq += 1 }
        let key = Self.decode(Array(buf[start..<eq]))
        let value = eq < end ? Self.decode(Array(buf[(eq + 1)..<end])) : ""
        pairs.append((key, value))
    }

    static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 48...57: return b - 48
        case 65...70: return b - 55
        case 97...102: return b - 87
        default: return nil
        }
    }

    /// Percent-decodes once; `+` is a space.
    public static func decode(_ raw: [UInt8]) -> String {
        var out = [UInt8](repeating: 0, count: raw.count)
        var n = 0
        raw.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                var i = 0
                while i < src.count {
                    let b = src[i]
                    if b == UInt8(ascii: "+") {
                        dst[n] = 32
                    } else if b == UInt8(ascii: "%"), i + 2 < src.count, let h = hexValue(src[i + 1]), let l = hexValue(src[i + 2]) {
                        dst[n] = h << 4 | l
                        i += 2
                    } else {
                        dst[n] = b
                    }
                    n += 1
                    i += 1
                }
            }
        }
        out.removeSubrange(n...)
        return String(decoding: out, as: UTF8.self)
    }

    /// The first value of `key`.
    public subscript(_ key: String) -> String? {
        pairs.first { $0.0 == key }?.1
    }

    /// Every value of `key`, in order.
    public func all(_ key: String) -> [String] {
        pairs.compactMap { $0.0 == key ? $0.1 : nil }
    }

    /// Whether `key` was given at all (even empty).
    public func has(_ key: String) -> Bool { pairs.contains { $0.0 == key } }
}
