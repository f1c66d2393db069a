/// Why an XML-RPC document was refused, ready to be answered as a fault.
///
/// Every decoding problem uses fault code 8002 (the code the original server
/// answered for unparsable requests); 8001 is reserved for unknown methods,
/// which only the dispatcher can detect.
public struct XMLRPCError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Fault code for a method the server does not define.
    public static let unknownMethodCode = 8001
    /// Fault code for unparsable requests and failures inside a method.
    public static let applicationErrorCode = 8002

    /// The fault code to answer with.
    public var faultCode: Int
    /// A short description naming the problem, prefixed by the line when known
    /// (for example `line 3: unexpected element <foo>`).
    public var message: String

    /// Creates an error with an explicit fault code.
    public init(faultCode: Int, message: String) {
        self.faultCode = faultCode
        self.message = message
    }

    /// A malformed or refused document (fault 8002), optionally located at `line`.
    public static func malformed(_ message: String, line: Int? = nil) -> XMLRPCError {
        if let line, line > 0 {
            return XMLRPCError(faultCode: applicationErrorCode, message: "line \(line): \(message)")
        }
        return XMLRPCError(faultCode: applicationErrorCode, message: message)
    }

    /// The fault for an undefined method, worded as the original server did.
    public static func unknownMethod(_ name: String) -> XMLRPCError {
        XMLRPCError(faultCode: unknownMethodCode, message: "procedure \(name) not found")
    }

    public var description: String { "XML-RPC fault \(faultCode): \(message)" }
}
