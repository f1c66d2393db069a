/// Appends XML-RPC markup to a byte buffer.
///
/// Text is escaped so that any Swift string yields well-formed XML 1.0:
/// `&`, `<`, `>` become entities; CR becomes `&#13;` so that it survives the
/// line-end normalisation every XML parser applies; characters XML 1.0 forbids
/// (C0 controls other than tab, LF and CR, and U+FFFE/U+FFFF) are replaced by
/// U+FFFD, because no escape can carry them.
struct XMLRPCWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 256) {
        bytes.reserveCapacity(capacity)
    }

    mutating func raw(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Writes `<value>…</value>`. `.nil` is written as an empty string
    /// because the clients never enable the `nil` extension.
    mutating func value(_ value: XMLRPCValue) {
        raw("<value>")
        switch value {
        case .int(let number):
            if let small = Int32(exactly: number) {
                raw("<int>")
                decimal(Int64(small))
                raw("</int>")
            } else {
                // Python parses `i8` even though its encoder refuses such ints.
                raw("<i8>")
                decimal(number)
                raw("</i8>")
            }
        case .bool(let flag):
            raw(flag ? "<boolean>1</boolean>" : "<boolean>0</boolean>")
        case .string(let text):
            raw("<string>")
            escaped(text)
            raw("</string>")
        case .double(let number):
            raw("<double>")
            // Swift's shortest round-trip form matches Python's repr() here,
            // including `inf`, `-inf`, `nan` and exponents such as `1e+20`.
            bytes.append(contentsOf: number.description.utf8)
            raw("</double>")
        case .dateTime(let text):
            raw("<dateTime.iso8601>")
            escaped(text)
            raw("</dateTime.iso8601>")
        case .base64(let data):
            raw("<base64>")
            XMLRPCBase64.encode(data, into: &bytes)
            raw("</base64>")
        case .array(let elements):
            raw("<array><data>")
            for element in elements { self.value(element) }
            raw("</data></array>")
        case .struct(let members):
            raw("<struct>")
            for member in members {
                raw("<member><name>")
                escaped(member.name)
                raw("</name>")
                self.value(member.value)
                raw("</member>")
            }
            raw("</struct>")
        case .nil:
            raw("<string></string>")
        }
        raw("</value>")
    }

    private mutating func decimal(_ number: Int64) {
        bytes.append(contentsOf: String(number).utf8)
    }

    /// Appends `text` escaped as described on the type.
    mutating func escaped(_ text: String) {
        var text = text
        text.withUTF8 { source in
            var runStart = 0
            var index = 0
            let count = source.count
            while index < count {
                let byte = source[index]
                let replacement: StaticString?
                var consumed = 1
                switch byte {
                case UInt8(ascii: "&"): replacement = "&amp;"
                case UInt8(ascii: "<"): replacement = "&lt;"
                case UInt8(ascii: ">"): replacement = "&gt;"
                case 0x0D: replacement = "&#13;"
                case 0x09, 0x0A: replacement = nil
                case 0x00..<0x20: replacement = "\u{FFFD}"
                case 0xEF where index + 2 < count && source[index + 1] == 0xBF && source[index + 2] >= 0xBE:
                    replacement = "\u{FFFD}"
                    consumed = 3
                default: replacement = nil
                }
                if let replacement {
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: source[runStart..<index]))
                    raw(replacement)
                    index += consumed
                    runStart = index
                } else {
                    index += 1
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: source[runStart..<count]))
        }
    }
}
