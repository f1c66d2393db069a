import CoalitionWire
import Hummingbird
import NIOCore

/// A request body over the configured limit.
struct BodyTooLarge: Error {}

extension Request {
    /// Query string and form body parameters together, query first (reference 5: the
    /// first occurrence of a single-valued parameter wins).
    mutating func formParameters(limit: Int) async throws -> FormParameters {
        var body = ByteBuffer()
        if method == .post || method == .put {
            do {
                body = try await self.body.collect(upTo: limit)
            } catch {
                throw BodyTooLarge()
            }
        }
        return FormParameters(query: uri.query, method: method, contentType: headers[.contentType], body: body)
    }
}

extension FormParameters {
    /// A request's query string and form body parameters together, query first. The body
    /// counts for POST and PUT when it is a form (or untyped, or text/plain: what v3
    /// scripts send).
    init(query: String?, method: HTTPRequest.Method, contentType: String?, body: ByteBuffer) {
        self.init()
        if let query, !query.isEmpty {
            append(urlEncoded: Array(query.utf8))
        }
        if (method == .post || method == .put) && body.readableBytes > 0 {
            let contentType = contentType ?? ""
            if contentType.isEmpty || contentType.contains("x-www-form-urlencoded") || contentType.contains("text/plain") {
                append(urlEncoded: body.readableBytesView)
            }
        }
    }
}

enum Answer {
    static func text(_ s: String, status: HTTPResponse.Status = .ok) -> Response {
        bytes(Array(s.utf8), status: status, type: "text/plain; charset=utf-8")
    }

    static func json(_ b: [UInt8]) -> Response {
        bytes(b, type: "application/json; charset=utf-8")
    }

    static func bytes(_ b: [UInt8], status: HTTPResponse.Status = .ok, type: String = "text/plain; charset=utf-8") -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: b)))
    }

    static let tooLarge = text("request body too large", status: .contentTooLarge)
}
