/// Encodes XML-RPC documents as UTF-8 bytes.
///
/// Output is compact (no indentation) and always well-formed, whatever the
/// strings contain (see `XMLRPCWriter` for the escaping rules: C0 controls
/// other than tab/LF/CR and U+FFFE/U+FFFF become U+FFFD; CR is written as
/// `&#13;`). Integers outside the 32-bit range are written as `<i8>`.
/// `.nil` is never emitted: a `.nil` given to the encoder is written as an
/// empty string rather than trapping, so callers should leave such members out.
public enum XMLRPCEncoder {
    /// A successful `<methodResponse>` carrying `value`.
    public static func response(_ value: XMLRPCValue) -> [UInt8] {
        var writer = XMLRPCWriter()
        writer.raw("<?xml version='1.0'?><methodResponse><params><param>")
        writer.value(value)
        writer.raw("</param></params></methodResponse>")
        return writer.bytes
    }

    /// A fault `<methodResponse>` with `faultCode` and `faultString` members.
    public static func fault(code: Int, message: String) -> [UInt8] {
        var writer = XMLRPCWriter()
        writer.raw("<?xml version='1.0'?><methodResponse><fault>")
        writer.value(.struct(["faultCode": .int(Int64(code)), "faultString": .string(message)]))
        writer.raw("</fault></methodResponse>")
        return writer.bytes
    }

    /// The fault answering `error`.
    public static func fault(_ error: XMLRPCError) -> [UInt8] {
        fault(code: error.faultCode, message: error.message)
    }

    /// A `<methodCall>` of `method` with positional `params`, for clients and tests.
    public static func call(method: String, params: [XMLRPCValue]) -> [UInt8] {
        var writer = XMLRPCWriter()
        writer.raw("<?xml version='1.0'?><methodCall><methodName>")
        writer.escaped(method)
        writer.raw("</methodName><params>")
        for param in params {
            writer.raw("<param>")
            writer.value(param)
            writer.raw("</param>")
        }
        writer.raw("</params></methodCall>")
        return writer.bytes
    }
}
