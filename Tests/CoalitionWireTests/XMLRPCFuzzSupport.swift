#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CoalitionWire

/// SplitMix64: tiny, fast and reproducible from a printed seed.
struct XMLRPCFuzzRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Produces random and mutated XML-RPC documents.
struct XMLRPCFuzzInputs {
    var random: XMLRPCFuzzRandom

    private static let tags = [
        "methodCall", "methodName", "params", "param", "value", "int", "i4", "i8", "boolean", "string",
        "double", "dateTime.iso8601", "base64", "struct", "member", "name", "array", "data", "nil", "ex:nil", "foo",
    ]
    private static let hostile = [
        "<!DOCTYPE x [<!ENTITY a \"b\">]>", "&a;", "&#0;", "&#xFFFE;", "&#x110000;", "&amp", "<![CDATA[", "]]>",
        "<!--", "-->", "<?pi ", "?>", "<", ">", "&", "\"", "'", "\r\n", "\u{0}", "\u{1}", "é", "\u{FEFF}", "<x:y xmlns:x='u'>",
        "<value>", "</value>", "<int>99999999999999999999</int>", "<base64>@@</base64>",
    ]

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }

    /// A random value tree at most `depth` containers deep.
    mutating func value(depth: Int) -> XMLRPCValue {
        switch int(0...(depth > 0 ? 10 : 7)) {
        case 0: return .int([0, 1, -1, .max, .min, Int64(Int32.max) + 1][int(0...5)])
        case 1: return .int(Int64.random(in: -1_000_000...1_000_000, using: &random))
        case 2: return .bool(Bool.random(using: &random))
        case 3, 4: return .string(string())
        case 5: return .double([0, -2.5, 1e20, 1371812345.127092, .infinity, 1e-300][int(0...5)])
        case 6: return .base64((0..<int(0...20)).map { _ in UInt8.random(in: 0...255, using: &random) })
        case 7: return .dateTime("20240101T00:00:00")
        case 8, 9: return .array((0..<int(0...4)).map { _ in value(depth: depth - 1) })
        default: return .struct(XMLRPCStruct((0..<int(0...4)).map { _ in (string(), value(depth: depth - 1)) }))
        }
    }

    mutating func string() -> String {
        let pieces = ["a", "Z", " ", "\t", "\n", "\r", "&", "<", ">", "é", "日", "🎬", "\u{1}", "\u{FFFF}", "]]>", "job"]
        return (0..<int(0...8)).map { _ in pieces[int(0...(pieces.count - 1))] }.joined()
    }

    /// A valid call document.
    mutating func validCall() -> [UInt8] {
        XMLRPCEncoder.call(method: ["addjob", "getjobs", "x"][int(0...2)], params: (0..<int(0...4)).map { _ in value(depth: 3) })
    }

    /// A random sequence of XML-RPC-looking tags and text.
    mutating func tagSoup() -> [UInt8] {
        var text = ""
        for _ in 0..<int(1...60) {
            let tag = Self.tags[int(0...(Self.tags.count - 1))]
            switch int(0...4) {
            case 0: text += "<\(tag)>"
            case 1: text += "</\(tag)>"
            case 2: text += "<\(tag)/>"
            case 3: text += Self.hostile[int(0...(Self.hostile.count - 1))]
            default: text += string()
            }
        }
        return Array(text.utf8)
    }

    /// The next fuzz input: mostly mutations of valid calls.
    mutating func next() -> [UInt8] {
        switch int(0...9) {
        case 0: return (0..<int(0...200)).map { _ in UInt8.random(in: 0...255, using: &random) }
        case 1: return tagSoup()
        case 2: return validCall()
        default:
            var bytes = validCall()
            for _ in 0..<int(1...2) { mutate(&bytes) }
            return bytes
        }
    }

    private mutating func mutate(_ bytes: inout [UInt8]) {
        guard !bytes.isEmpty else { return }
        let position = int(0...(bytes.count - 1))
        switch int(0...7) {
        case 0:  // byte flip
            bytes[position] = UInt8.random(in: 0...255, using: &random)
        case 1:  // bit flip
            bytes[position] ^= 1 << UInt8(int(0...7))
        case 2:  // truncation
            bytes.removeSubrange(position...)
        case 3, 4:  // duplicate or remove one tag
            guard let open = bytes[position...].firstIndex(of: UInt8(ascii: "<")),
                let close = bytes[open...].firstIndex(of: UInt8(ascii: ">"))
            else { return }
            let tag = Array(bytes[open...close])
            if int(0...1) == 0 {
                bytes.removeSubrange(open...close)
            } else {
                bytes.insert(contentsOf: tag, at: int(0...bytes.count))
            }
        case 5:  // deep nesting
            let levels = int(10...3000)
            let inner = String(repeating: "<value><array><data>", count: levels) + "<value>x</value>"
                + String(repeating: "</data></array></value>", count: int(0...levels))
            bytes.insert(contentsOf: inner.utf8, at: position)
        case 6:  // hostile token
            bytes.insert(contentsOf: Self.hostile[int(0...(Self.hostile.count - 1))].utf8, at: position)
        default:  // splice a slice of itself
            let end = int(position...(bytes.count - 1))
            bytes.insert(contentsOf: Array(bytes[position...end]), at: int(0...bytes.count))
        }
    }
}

enum XMLRPCFuzzEnvironment {
    static func integer(_ name: String) -> UInt64? {
        guard let raw = getenv(name) else { return nil }
        return UInt64(String(cString: raw))
    }

    /// Resident memory in bytes from /proc/self/statm, where available.
    static func residentBytes() -> Int? {
        #if os(Linux)
        guard let file = fopen("/proc/self/statm", "r") else { return nil }
        defer { fclose(file) }
        var size = 0
        var resident = 0
        guard readStatm(file, &size, &resident) else { return nil }
        return resident * Int(sysconf(Int32(_SC_PAGESIZE)))
        #else
        return nil
        #endif
    }

    #if os(Linux)
    private static func readStatm(_ file: UnsafeMutablePointer<FILE>, _ size: inout Int, _ resident: inout Int) -> Bool {
        var buffer = [CChar](repeating: 0, count: 256)
        guard fgets(&buffer, Int32(buffer.count), file) != nil else { return false }
        let fields = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            .split(separator: " ")
        guard fields.count >= 2, let total = Int(fields[0]), let rss = Int(fields[1]) else { return false }
        size = total
        resident = rss
        return true
    }
    #endif
}

extension XMLRPCValue {
    /// The value as it comes back after one more encode/decode: `nil` is sent
    /// as an empty string and NaN is made comparable.
    var fuzzNormalized: XMLRPCValue {
        switch self {
        case .nil: return .string("")
        case .double(let number) where number.isNaN: return .string("NaN")
        case .array(let elements): return .array(elements.map(\.fuzzNormalized))
        case .struct(let members):
            return .struct(XMLRPCStruct(members.map { XMLRPCStruct.Member(name: $0.name, value: $0.value.fuzzNormalized) }))
        default: return self
        }
    }
}
