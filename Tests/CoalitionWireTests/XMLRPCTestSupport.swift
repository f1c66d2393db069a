import CoalitionWire

/// Decodes `text` as a method call.
func decodeXMLRPCCall(_ text: String) throws(XMLRPCError) -> XMLRPCMethodCall {
    try XMLRPCDecoder.decodeCall(Array(text.utf8))
}

/// The error refusing `bytes`, or `nil` if they decoded.
func xmlrpcRefusal(_ bytes: [UInt8]) -> XMLRPCError? {
    do {
        _ = try XMLRPCDecoder.decodeCall(bytes)
        return nil
    } catch {
        return error
    }
}

/// The error refusing `text`, or `nil` if it decoded.
func xmlrpcRefusal(_ text: String) -> XMLRPCError? {
    xmlrpcRefusal(Array(text.utf8))
}

/// `value` sent as the only parameter of a call, then decoded again.
func xmlrpcRoundTrip(_ value: XMLRPCValue) throws(XMLRPCError) -> XMLRPCValue? {
    let call = try XMLRPCDecoder.decodeCall(XMLRPCEncoder.call(method: "echo", params: [value]))
    return call.params.first
}

/// A call document wrapping `valueXML` as the only parameter.
func xmlrpcCallDocument(_ valueXML: String, method: String = "m") -> String {
    "<?xml version='1.0'?><methodCall><methodName>\(method)</methodName><params><param>\(valueXML)</param></params></methodCall>"
}

/// Monotonic seconds, for the generous time bounds of refusal tests.
func xmlrpcSeconds(_ body: () -> Void) -> Double {
    let clock = ContinuousClock()
    let elapsed = clock.measure(body)
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}
