/// Bounds applied to every decoded document.
public struct XMLRPCLimits: Sendable, Equatable {
    /// Largest accepted document in bytes.
    public var maxBytes: Int
    /// Deepest accepted nesting of `<value>` elements (a scalar parameter is
    /// depth 1, each enclosing array or struct adds one).
    public var maxDepth: Int

    /// Creates limits.
    public init(maxBytes: Int = 16 * 1024 * 1024, maxDepth: Int = 64) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
    }

    /// 16 MiB and 64 levels.
    public static let `default` = XMLRPCLimits()
}

/// Decodes XML-RPC documents with libxml2's streaming reader.
///
/// Hostile input is refused, never processed: documents over the size limit,
/// non-UTF-8 bytes and any markup declaration (`<!DOCTYPE`, `<!ENTITY`, …) are
/// rejected before parsing, so no entity is ever expanded and nothing is
/// fetched. Only the five predefined entities and numeric character references
/// are decoded. The `encoding=` of the XML declaration is ignored: the bytes
/// are always read as UTF-8. Every failure is an `XMLRPCError` (fault 8002).
/// Safe to call from any number of tasks at once: each call owns its reader.
public enum XMLRPCDecoder {
    /// Decodes a `<methodCall>` request body.
    public static func decodeCall(
        _ bytes: [UInt8], limits: XMLRPCLimits = .default
    ) throws(XMLRPCError) -> XMLRPCMethodCall {
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(XMLRPCError) in try decodeCall(buffer, limits: limits) }
        }
        return try result.get()
    }

    /// Decodes a `<methodCall>` request body held in contiguous memory.
    public static func decodeCall(
        _ buffer: UnsafeRawBufferPointer, limits: XMLRPCLimits = .default
    ) throws(XMLRPCError) -> XMLRPCMethodCall {
        try parse(buffer, limits: limits) { (grammar: inout XMLRPCGrammar) throws(XMLRPCError) in
            try grammar.methodCall()
        }
    }

    /// Decodes a `<methodResponse>` (a result or a fault), for clients and tests.
    public static func decodeResponse(
        _ bytes: [UInt8], limits: XMLRPCLimits = .default
    ) throws(XMLRPCError) -> XMLRPCResponse {
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(XMLRPCError) in try decodeResponse(buffer, limits: limits) }
        }
        return try result.get()
    }

    /// Decodes a `<methodResponse>` held in contiguous memory.
    public static func decodeResponse(
        _ buffer: UnsafeRawBufferPointer, limits: XMLRPCLimits = .default
    ) throws(XMLRPCError) -> XMLRPCResponse {
        try parse(buffer, limits: limits) { (grammar: inout XMLRPCGrammar) throws(XMLRPCError) in
            try grammar.methodResponse()
        }
    }

    private static func parse<Document>(
        _ buffer: UnsafeRawBufferPointer, limits: XMLRPCLimits,
        _ body: (inout XMLRPCGrammar) throws(XMLRPCError) -> Document
    ) throws(XMLRPCError) -> Document {
        guard buffer.count <= limits.maxBytes else {
            throw .malformed("document larger than \(limits.maxBytes) bytes")
        }
        guard buffer.count > 0 else { throw .malformed("empty document") }
        if let offset = XMLRPCPrecheck.firstInvalidUTF8(buffer) {
            throw .malformed("invalid UTF-8 at byte \(offset)")
        }
        if XMLRPCPrecheck.containsMarkupDeclaration(buffer) {
            throw .malformed("DTD not allowed")
        }
        let reader = try XMLRPCNodeReader(buffer: buffer)
        var grammar = XMLRPCGrammar(reader: reader, maxDepth: limits.maxDepth)
        return try body(&grammar)
    }
}
