/// One XML-RPC value, as carried inside a `<value>` element.
///
/// Decoding accepts every type of the XML-RPC specification plus the common
/// extensions (`i8`, `nil`/`ex:nil`). Encoding never produces `<nil/>`:
/// the Python clients that talk to Coalition do not enable it (see
/// `XMLRPCEncoder` for what happens to a `.nil` passed to the encoder).
public indirect enum XMLRPCValue: Sendable, Equatable {
    /// `<int>`, `<i4>` or `<i8>`; all three decode to a 64-bit integer.
    case int(Int64)
    /// `<boolean>`, written `0` or `1` on the wire.
    case bool(Bool)
    /// `<string>` or untyped `<value>text</value>`; whitespace is kept exactly.
    case string(String)
    /// `<double>`.
    case double(Double)
    /// `<dateTime.iso8601>`; the text is kept as sent (trimmed), not interpreted,
    /// because clients disagree on the exact ISO 8601 profile.
    case dateTime(String)
    /// `<base64>`, already decoded to its bytes.
    case base64([UInt8])
    /// `<array>`.
    case array([XMLRPCValue])
    /// `<struct>`, members in document order.
    case `struct`(XMLRPCStruct)
    /// `<nil/>` or `<ex:nil/>`; accepted on input, never emitted.
    case `nil`
}

extension XMLRPCValue: ExpressibleByIntegerLiteral, ExpressibleByStringLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByFloatLiteral, ExpressibleByArrayLiteral
{
    /// Builds `.int` from a literal.
    public init(integerLiteral value: Int64) { self = .int(value) }
    /// Builds `.string` from a literal.
    public init(stringLiteral value: String) { self = .string(value) }
    /// Builds `.bool` from a literal.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// Builds `.double` from a literal.
    public init(floatLiteral value: Double) { self = .double(value) }
    /// Builds `.array` from a literal.
    public init(arrayLiteral elements: XMLRPCValue...) { self = .array(elements) }
}
