import CoalitionWire
import Hummingbird
import NIOCore

/// The worker protocol's hot calls (`/workers/heartbeat`, `/workers/pickjob`,
/// `/workers/endjob`), answered on the connection's event loop by `WorkerLaneHandler`
/// rather than through the router: on a farm of thousands of nodes they are nearly all of
/// the server's traffic, and the router's per-request hops between the event loop and the
/// task pool cost more than the farm's own work (see Benchmarks/README.md, "HTTP floor").
/// The answers are the router's, byte for byte: both call `WorkerAPI`.
struct WorkerLane: Sendable {
    let workers: WorkerAPI
    let bodyLimit: Int
    let metrics: FarmMetrics
    let events: EventLog

    /// The worker call `request` is, when the lane answers it: GET or POST on one of the
    /// three paths exactly, on a connection that stays open (anything else, `Connection:
    /// close` included, goes through the router).
    func claim(_ request: HTTPRequest) -> String? {
        guard request.method == .post || request.method == .get, let path = request.path else { return nil }
        let route = path.utf8.firstIndex(of: UInt8(ascii: "?")).map { path[..<$0] } ?? path[...]
        let call: String
        switch route {
        case "/workers/heartbeat": call = "heartbeat"
        case "/workers/pickjob": call = "pickjob"
        case "/workers/endjob": call = "endjob"
        default: return nil
        }
        if let connection = request.headerFields[.connection], connection.lowercased() != "keep-alive" { return nil }
        return call
    }

    /// Answers a claimed call through `reply`, at once or from the journal's thread.
    func answer(_ call: String, _ request: HTTPRequest, body: ByteBuffer?, peer: String,
                reply: @escaping @Sendable (PlainAnswer) -> Void) {
        let path = request.path ?? ""
        guard let body else {
            events.requestRefused("body-too-large", path: path, peer: peer, ["limit": String(bodyLimit)])
            reply(PlainAnswer(text: "request body too large", status: .contentTooLarge))
            return
        }
        let query = path.utf8.firstIndex(of: UInt8(ascii: "?")).map { String(path[path.index(after: $0)...]) }
        let parameters = FormParameters(query: query, method: request.method,
                                        contentType: request.headerFields[.contentType], body: body)
        workers.answer(call, parameters, ip: peer) { answer in
            reply(answer ?? PlainAnswer(text: "unknown worker call", status: .notFound))
        }
    }

    /// Counts an answered call as `RequestObserver` counts the router's.
    func record(_ request: HTTPRequest, status: Int, since started: ContinuousClock.Instant, peer: String) {
        let elapsed = ContinuousClock.now - started
        let ns = elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000
        metrics.recordRequest(.workers, nanoseconds: ns)
        events.request(method: request.method.rawValue, path: request.path ?? "", status: status,
                       seconds: Double(ns) / 1e9, peer: peer)
    }
}
