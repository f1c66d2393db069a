import CoalitionWire

/// The introspection and batching methods every XML-RPC endpoint offers, with the
/// semantics of the common `system.*` extension (as Python's `SimpleXMLRPCServer`).
enum XMLRPCSystemMethods {
    static let multicallName = "system.multicall"

    static let all: [XMLRPCMethod] = [
        XMLRPCMethod("system.listMethods", [], returns: "array",
                     help: "The names of every method of this endpoint, sorted.") { ctx, _ in
            .array(ctx.dispatcher.methods.keys.sorted().map { .string($0) })
        },
        XMLRPCMethod("system.methodHelp", [.init("name", .string)], returns: "string",
                     help: "The description of method name.") { ctx, a in
            .string(try lookup(ctx, a).help)
        },
        XMLRPCMethod("system.methodSignature", [.init("name", .string)], returns: "array",
                     help: "The signatures of method name: arrays of XML-RPC type names, the result "
                         + "first, then the parameters.") { ctx, a in
            .array(try lookup(ctx, a).signatures.map { .array($0.map { .string($0) }) })
        },
        XMLRPCMethod(multicallName, [.init("calls", .any, signature: "array")], returns: "array",
                     help: "Runs each {methodName, params} struct of calls in order; answers for each either "
                         + "[result] or a {faultCode, faultString} struct.") { ctx, a in
            guard let calls = try a.raw(0).arrayValue else {
                throw XMLRPCError(faultCode: XMLRPCError.applicationErrorCode,
                                  message: "\(multicallName): parameter 1 (calls) must be an array of structs")
            }
            var results: [XMLRPCValue] = []
            results.reserveCapacity(calls.count)
            for call in calls {
                do throws(XMLRPCError) {
                    let (name, params) = try unpack(call)
                    results.append([try await ctx.dispatcher.call(name, params, ctx)])
                } catch {
                    results.append(.struct(["faultCode": .int(Int64(error.faultCode)),
                                            "faultString": .string(error.message)]))
                }
            }
            return .array(results)
        },
    ]

    static func lookup(_ ctx: XMLRPCCallContext, _ a: XMLRPCArguments) throws(XMLRPCError) -> XMLRPCMethod {
        let name = try a.string(0)
        guard let method = ctx.dispatcher.methods[name] else { throw .unknownMethod(name) }
        return method
    }

    /// One multicall entry's method name and parameters; nested multicalls are refused
    /// so that one request cannot fan out without bound.
    static func unpack(_ call: XMLRPCValue) throws(XMLRPCError) -> (String, [XMLRPCValue]) {
        guard let name = call[member: "methodName"]?.stringValue else {
            throw XMLRPCError(faultCode: XMLRPCError.applicationErrorCode,
                              message: "\(multicallName): each call must be a struct with a methodName string")
        }
        guard name != multicallName else {
            throw XMLRPCError(faultCode: XMLRPCError.applicationErrorCode,
                              message: "\(multicallName) cannot be nested")
        }
        guard let params = call[member: "params"]?.arrayValue else {
            throw XMLRPCError(faultCode: XMLRPCError.applicationErrorCode,
                              message: "\(multicallName): call of \(name) must have a params array")
        }
        return (name, params)
    }
}
