import CoalitionWire

/// The positional parameters of one call, read through the method's parameter list so
/// that every refusal is a fault 8002 naming the method and the parameter.
struct XMLRPCArguments: Sendable {
    let method: String
    let parameters: [XMLRPCParameter]
    let values: [XMLRPCValue]

    /// Whether parameter `index` was sent (trailing parameters may be optional).
    func has(_ index: Int) -> Bool { index < values.count }

    /// An int parameter: `<int>`, `<boolean>`, a decimal string or an integral double.
    func int(_ index: Int) throws(XMLRPCError) -> Int {
        let value = try raw(index)
        if let n = value.intValue, let exact = Int(exactly: n) { return exact }
        if case .double(let d) = value, d.rounded() == d, let exact = Int(exactly: d) { return exact }
        throw refusal(index, "an int")
    }

    /// A string parameter; numbers and booleans are taken as their text, as v2's `str()` did.
    func string(_ index: Int) throws(XMLRPCError) -> String {
        guard let text = try raw(index).scalarText else { throw refusal(index, "a string") }
        return text
    }

    /// A list of job ids: an array of ints, one int, or a string read as its digit runs.
    func intList(_ index: Int) throws(XMLRPCError) -> [Int] {
        let value = try raw(index)
        if let list = value.intList {
            var out: [Int] = []
            out.reserveCapacity(list.count)
            for n in list {
                guard let exact = Int(exactly: n) else { throw refusal(index, "an array of ints") }
                out.append(exact)
            }
            return out
        }
        throw refusal(index, "an array of ints")
    }

    /// A list of names: an array of strings or one string.
    func stringList(_ index: Int) throws(XMLRPCError) -> [String] {
        guard let list = try raw(index).stringList else { throw refusal(index, "an array of strings") }
        return list
    }

    /// A struct parameter.
    func structure(_ index: Int) throws(XMLRPCError) -> XMLRPCStruct {
        guard let members = try raw(index).structValue else { throw refusal(index, "a struct") }
        return members
    }

    /// The parameter as sent.
    func raw(_ index: Int) throws(XMLRPCError) -> XMLRPCValue {
        guard index < values.count else {
            throw XMLRPCError(faultCode: XMLRPCError.applicationErrorCode,
                              message: "\(method): missing parameter \(index + 1) (\(name(index)))")
        }
        return values[index]
    }

    private func name(_ index: Int) -> String {
        index < parameters.count ? parameters[index].name : "#\(index + 1)"
    }

    private func refusal(_ index: Int, _ expected: String) -> XMLRPCError {
        XMLRPCError(faultCode: XMLRPCError.applicationErrorCode,
                    message: "\(method): parameter \(index + 1) (\(name(index))) must be \(expected), "
                        + "got \(values[index].typeName)")
    }
}

extension XMLRPCValue {
    /// A scalar as text: strings as sent, numbers in decimal (integral doubles without a
    /// fraction, so `5.0` can still set an int property), booleans as 1/0.
    var scalarText: String? {
        switch self {
        case .string(let text): text
        case .int(let n): String(n)
        case .bool(let b): b ? "1" : "0"
        case .double(let d): d.rounded() == d && abs(d) < 1e15 ? String(Int64(d)) : String(d)
        default: nil
        }
    }

    /// The XML-RPC element name of this value, for fault messages.
    var typeName: String {
        switch self {
        case .int: "int"
        case .bool: "boolean"
        case .string: "string"
        case .double: "double"
        case .dateTime: "dateTime.iso8601"
        case .base64: "base64"
        case .array: "array"
        case .struct: "struct"
        case .nil: "nil"
        }
    }
}
