/// Appends XML-RPC markup to a byte buffer. Text is escaped by `XMLTextEscaping`, so
/// any Swift string yields well-formed XML 1.0.
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
            Base64.encode(data, into: &bytes)
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

    /// Appends `text` escaped with `XMLTextEscaping`'s rules.
    mutating func escaped(_ text: String) {
        XMLTextEscaping.forEachPiece(of: text) { bytes.append(contentsOf: $0) }
    }
}
