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
        var key: [UInt8] = []
        var value: [UInt8] = []
        var inValue = false
        func flush() {
            if !key.isEmpty || inValue {
                pairs.append((Self.decode(key), Self.decode(value)))
            }
            key.removeAll(keepingCapacity: true)
            value.removeAll(keepingCapacity: true)
            inValue = false
        }
        for b in bytes {
            switch b {
            case UInt8(ascii: "&"), UInt8(ascii: ";"):
                flush()
            case UInt8(ascii: "=") where !inValue:
                inValue = true
            default:
                if inValue { value.append(b) } else { key.append(b) }
            }
        }
        flush()
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
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = 0
        while i < raw.count {
            let b = raw[i]
            if b == UInt8(ascii: "+") {
                out.append(32)
            } else if b == UInt8(ascii: "%"), i + 2 < raw.count, let h = hexValue(raw[i + 1]), let l = hexValue(raw[i + 2]) {
                out.append(h << 4 | l)
                i += 2
            } else {
                out.append(b)
            }
            i += 1
        }
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
