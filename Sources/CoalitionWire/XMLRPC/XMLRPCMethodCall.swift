/// A decoded `<methodCall>`: the method name and its positional parameters.
public struct XMLRPCMethodCall: Sendable, Equatable {
    /// The `<methodName>` text with surrounding whitespace removed.
    public var methodName: String
    /// The `<param>` values in order.
    public var params: [XMLRPCValue]

    /// Creates a call.
    public init(methodName: String, params: [XMLRPCValue] = []) {
        self.methodName = methodName
        self.params = params
    }
}

/// A decoded `<methodResponse>`: either the single result value or a fault.
public enum XMLRPCResponse: Sendable, Equatable {
    /// `<params><param><value>…`.
    case success(XMLRPCValue)
    /// `<fault>` with its `faultCode` and `faultString`.
    case fault(code: Int, message: String)
}
