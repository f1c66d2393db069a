import CoalitionWire
import Hummingbird

/// A refused `/api/` request: its status and a one-line message, answered as
/// `{"error":"…"}`. Every refusal happens before any change is submitted.
struct APIError: Error {
    var status: HTTPResponse.Status
    var message: String

    static func bad(_ message: String) -> APIError { APIError(status: .badRequest, message: message) }
    static func notFound(_ message: String) -> APIError { APIError(status: .notFound, message: message) }

    var response: Response {
        var w = JSONWriter(capacity: 64 + message.utf8.count)
        w.raw("{\"error\":")
        w.string(message.split(whereSeparator: \.isNewline).joined(separator: " "))
        w.raw("}")
        return Answer.bytes(w.bytes, status: status, type: "application/json; charset=utf-8")
    }
}
