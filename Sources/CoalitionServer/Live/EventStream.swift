import Hummingbird
import NIOCore
import ServiceLifecycle

/// `GET /json/events`: the change stream as Server-Sent Events (`text/event-stream`).
/// Browsers reconnect by themselves, sending the last id they saw as `Last-Event-ID`.
struct EventStream: Sendable {
    let hub: ChangeHub

    func response(_ request: Request) -> Response {
        let lastEventID = request.headers.first { $0.name.canonicalName == "last-event-id" }?.value
            ?? request.uri.queryParameters.get("lastEventId")
        guard let subscription = hub.subscribe(lastEventID: lastEventID) else {
            var busy = Answer.text("too many clients follow /json/events; poll /json instead", status: .serviceUnavailable)
            busy.headers[.retryAfter] = "10"
            return busy
        }
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream; charset=utf-8"
        headers[.cacheControl] = "no-store"
        // Asks reverse proxies (nginx) not to buffer the stream.
        if let name = HTTPFields.Element.Name("X-Accel-Buffering") { headers.append(.init(name: name, value: "no")) }
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            defer { subscription.close() }
            // A stream never ends by itself: end it when the server shuts down, so that
            // shutdown does not wait for the clients.
            try await withGracefulShutdownHandler {
                for await frame in subscription.frames {
                    try await writer.write(ByteBuffer(bytes: frame))
                }
            } onGracefulShutdown: {
                subscription.close()
            }
            try await writer.finish(nil)
        })
    }
}
