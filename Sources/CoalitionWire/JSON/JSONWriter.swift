/// Appends strict JSON (RFC 8259) to a byte buffer. Hand-written because the v3 tables
/// are positional rows in a fixed order, written for 100k-row answers, and a generic
/// encoder would either reorder or allocate per value.
public struct JSONWriter {
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 256) { bytes.reserveCapacity(capacity) }

    public mutating func raw(_ s: StaticString) {
        s.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    public mutating func byte(_ b: UInt8) { bytes.append(b) }

    /// A JSON string; invalid UTF-8 cannot occur (Swift strings are valid Unicode).
    public mutating func string(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): bytes.append(92); bytes.append(b)
            case UInt8(ascii: "\\"): bytes.append(92); bytes.append(b)
            case 0x0A: bytes.append(92); bytes.append(UInt8(ascii: "n"))
            case 0x0D: bytes.append(92); bytes.append(UInt8(ascii: "r"))
            case 0x09: bytes.append(92); bytes.append(UInt8(ascii: "t"))
            case 0..<0x20, 0x7F:
                bytes.append(contentsOf: Array("\\u00".utf8))
                bytes.append(Self.hex[Int(b >> 4)])
                bytes.append(Self.hex[Int(b & 0xF)])
            default: bytes.append(b)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    public mutating func int(_ v: Int) {
        bytes.append(contentsOf: String(v).utf8)
    }

    public mutating func uint64(_ v: UInt64) {
        bytes.append(contentsOf: String(v).utf8)
    }

    /// A number; integral values in range print without a fraction, non-finite ones as 0.
    public mutating func double(_ v: Double) {
        guard v.isFinite else { bytes.append(UInt8(ascii: "0")); return }
        if v == v.rounded() && abs(v) < 1e15 {
            bytes.append(contentsOf: String(Int(v)).utf8)
        } else {
            bytes.append(contentsOf: v.description.utf8)
        }
    }

    public mutating func optionalDouble(_ v: Double?) {
        if let v { double(v) } else { raw("null") }
    }

    public mutating func bool(_ v: Bool) { v ? raw("true") : raw("false") }

    public mutating func intArray(_ values: [Int]) {
        bytes.append(UInt8(ascii: "["))
        for (i, v) in values.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            int(v)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    public mutating func doubleArray(_ values: [Double]) {
        bytes.append(UInt8(ascii: "["))
        for (i, v) in values.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            double(v)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    public mutating func stringArray(_ values: [String]) {
        bytes.append(UInt8(ascii: "["))
        for (i, v) in values.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            string(v)
        }
        bytes.append(UInt8(ascii: "]"))
    }
}
