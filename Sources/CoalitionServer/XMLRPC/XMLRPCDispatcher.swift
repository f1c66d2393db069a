import CoalitionWire
import NIOCore

/// The methods of one XML-RPC endpoint by name, with the standard `system.*` methods.
struct XMLRPCDispatcher: Sendable {
    let methods: [String: XMLRPCMethod]

    init(_ list: [XMLRPCMethod]) {
        var table: [String: XMLRPCMethod] = [:]
        for method in list + XMLRPCSystemMethods.all { table[method.name] = method }
        methods = table
    }

    /// `POST /xmlrpc`: jobs, workers and activities for users and scripts.
    static let user = XMLRPCDispatcher(XMLRPCJobMethods.all + XMLRPCWorkerAdminMethods.all + XMLRPCSchedulingMethods.all)
    /// `POST /workers`: the v2 worker protocol.
    static let workers = XMLRPCDispatcher(XMLRPCWorkerMethods.all)

    /// Runs `name`; an undefined name is fault 8001, as v2 answered.
    func call(_ name: String, _ params: [XMLRPCValue],
              _ context: XMLRPCCallContext) async throws(XMLRPCError) -> XMLRPCValue {
        guard let method = methods[name] else { throw .unknownMethod(name) }
        return try await method.call(params, context)
    }

    /// The encoded answer to a top-level call: a response, or the fault it raised.
    func respond(_ name: String, _ params: [XMLRPCValue], _ context: XMLRPCCallContext) async -> ByteBuffer {
        guard let method = methods[name] else { return ByteBuffer(bytes: XMLRPCEncoder.fault(.unknownMethod(name))) }
        do {
            return try await method.respond(params, context)
        } catch {
            return ByteBuffer(bytes: XMLRPCEncoder.fault(error))
        }
    }
}
