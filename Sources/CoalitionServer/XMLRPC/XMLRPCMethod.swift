import CoalitionWire
import NIOCore

/// What a method handler may use: the farm, the job logs and who is calling.
struct XMLRPCCallContext: Sendable {
    let service: FarmService
    let logs: LogStore
    /// The HTTP Basic login ("" without authentication); becomes the User of added jobs.
    let login: String
    /// The peer's address, recorded as a worker's IP.
    let peerIP: String
    /// The methods of the endpoint being called, for `system.*`.
    let dispatcher: XMLRPCDispatcher
}

/// One XML-RPC method: its positional parameters, its result type, a help text and the
/// handler, which submits one operation through `FarmService.submit` (or reads through `FarmService.read`).
struct XMLRPCMethod: Sendable {
    // Untyped so that handler closures need no annotation; they only throw XMLRPCError.
    typealias Handler = @Sendable (XMLRPCCallContext, XMLRPCArguments) async throws -> XMLRPCValue

    let name: String
    let parameters: [XMLRPCParameter]
    /// How many trailing parameters may be left out.
    let optional: Int
    /// The XML-RPC type name of the result, for `system.methodSignature`.
    let returns: String
    let help: String
    let handler: Handler
    /// A direct encoder of the whole response for methods whose answer is large (getjobs);
    /// it must answer what encoding `handler`'s value would. `system.multicall` uses `handler`.
    let responder: Responder?

    typealias Responder = @Sendable (XMLRPCCallContext, XMLRPCArguments) async throws -> ByteBuffer

    init(_ name: String, _ parameters: [XMLRPCParameter], optional: Int = 0, returns: String, help: String,
         responder: Responder? = nil, handler: @escaping Handler) {
        self.name = name
        self.parameters = parameters
        self.optional = optional
        self.returns = returns
        self.help = help
        self.responder = responder
        self.handler = handler
    }

    /// Checks the parameter count, then runs the handler.
    func call(_ params: [XMLRPCValue], _ context: XMLRPCCallContext) async throws(XMLRPCError) -> XMLRPCValue {
        let arguments = try self.arguments(params)
        return try await Self.typed(name) { try await handler(context, arguments) }
    }

    /// The encoded `methodResponse` of a call made on its own (not inside a multicall).
    func respond(_ params: [XMLRPCValue], _ context: XMLRPCCallContext) async throws(XMLRPCError) -> ByteBuffer {
        guard let responder else { return ByteBuffer(bytes: XMLRPCEncoder.response(try await call(params, context))) }
        let arguments = try self.arguments(params)
        return try await Self.typed(name) { try await responder(context, arguments) }
    }

    private func arguments(_ params: [XMLRPCValue]) throws(XMLRPCError) -> XMLRPCArguments {
        let most = parameters.count
        let least = most - optional
        guard params.count >= least, params.count <= most else {
            let names = parameters.map(\.name).joined(separator: ", ")
            let count = least == most ? "\(most)" : "\(least) to \(most)"
            throw XMLRPCError(faultCode: XMLRPCError.applicationErrorCode,
                              message: "\(name)(\(names)) takes \(count) parameters, got \(params.count)")
        }
        return XMLRPCArguments(method: name, parameters: parameters, values: params)
    }

    /// Runs `body`, turning any error that is not already a fault into fault 8002.
    private static func typed<T>(_ name: String, _ body: () async throws -> T) async throws(XMLRPCError) -> T {
        do {
            return try await body()
        } catch let error as XMLRPCError {
            throw error
        } catch {
            throw XMLRPCError(faultCode: XMLRPCError.applicationErrorCode, message: "\(name): \(error)")
        }
    }

    /// Every accepted signature, result type first (one per number of optional parameters given).
    var signatures: [[String]] {
        (0...optional).reversed().map { left in
            [returns] + parameters.dropLast(left).map(\.signatureName)
        }
    }
}
