import CoalitionWire
import Hummingbird
import NIOCore

/// The HTTP side of XML-RPC: reads the body (at most 16 MiB), decodes the call, runs it
/// through a dispatcher and answers a `methodResponse`. Every failure after the body is
/// read is a fault with status 200, as XML-RPC clients expect.
struct XMLRPCEndpoint: Sendable {
    let service: FarmService
    let logs: LogStore

    /// The largest body read; larger ones are answered 413 without being parsed.
    static let maxBody = XMLRPCLimits.default.maxBytes

    func respond(_ request: Request, peerIP: String, with dispatcher: XMLRPCDispatcher) async -> Response {
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: Self.maxBody)
        } catch {
            service.events.requestRefused("body-too-large", path: request.uri.path, peer: peerIP,
                                          ["limit": String(Self.maxBody)])
            return Answer.tooLarge
        }
        let decoded = body.withUnsafeReadableBytes { buffer in
            Result { () throws(XMLRPCError) in try XMLRPCDecoder.decodeCall(buffer) }
        }
        let call: XMLRPCMethodCall
        switch decoded {
        case .success(let c): call = c
        case .failure(let error): return Self.answer(ByteBuffer(bytes: XMLRPCEncoder.fault(error)))
        }
        let context = XMLRPCCallContext(service: service, logs: logs, login: BasicAuth.login(request),
                                        peerIP: peerIP, dispatcher: dispatcher)
        return Self.answer(await dispatcher.respond(call.methodName, call.params, context))
    }

    static func answer(_ body: ByteBuffer) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/xml; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
    }

    /// GET and other methods on an XML-RPC path.
    static var methodNotAllowed: Response {
        var response = Answer.text("XML-RPC endpoint: use POST", status: .methodNotAllowed)
        response.headers[.allow] = "POST"
        return response
    }
}
