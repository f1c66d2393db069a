import CoalitionWire
import Hummingbird
import NIOCore

/// The calls that make nearly all of a farm's traffic, answered on the connection's event
/// loop by `DirectLaneHandler` rather than through the router: the worker protocol's
/// `/workers/heartbeat`, `/workers/pickjob` and `/workers/endjob`, and `/json/addjob`
/// when no LDAP authentication stands in front of it. On thousands of nodes the router's
/// per-request hops between the event loop and the task pool cost more than the farm's
/// own work (Benchmarks/README.md, "HTTP floor"). The answers are the router's byte for
/// byte: both call the same `WorkerAPI` and `JSONAPI` functions.
struct DirectLane: Sendable {
    let workers: WorkerAPI
    /// Set when `/json/addjob` is answered here (no `ldaphost`).
    let json: JSONAPI?
    /// Set when web UI files are answered here too (no `ldaphost`).
    let staticFiles: StaticFileCache?
    let bodyLimit: Int
    let metrics: FarmMetrics
    let events: EventLog

    /// A call the lane answers.
    enum Call: Sendable {
        case worker(String)
        case addJob
        /// A web UI file the router served before, unchanged since.
        case staticFile(StaticFileCache.Entry)
    }

    /// The call `request` is, when the lane answers it: GET or POST on one of its paths
    /// exactly, on a connection that stays open (anything else, `Connection: close`
    /// included, goes through the router).
    func claim(_ request: HTTPRequest) -> Call? {
        guard request.method == .post || request.method == .get, let path = request.path else { return nil }
        let route = Self.split(path).route
        let call: Call
        switch route {
        case "/workers/heartbeat": call = .worker("heartbeat")
        case "/workers/pickjob": call = .worker("pickjob")
        case "/workers/endjob": call = .worker("endjob")
        case "/json/addjob" where json != nil: call = .addJob
        default:
            guard let staticFiles, StaticFileCache.isPlainFileRequest(request),
                  let entry = staticFiles.answer(for: path) else { return nil }
            call = .staticFile(entry)
        }
        if let connection = request.headerFields[.connection], connection.lowercased() != "keep-alive" { return nil }
        return call
    }

    /// Answers a claimed call through `reply`, at once or from the journal's thread.
    func answer(_ call: Call, _ request: HTTPRequest, body: ByteBuffer?, peer: String,
                reply: @escaping @Sendable (PlainAnswer) -> Void) {
        let path = request.path ?? ""
        let (route, query) = Self.split(path)
        guard let body else {
            events.requestRefused("body-too-large", path: route, peer: peer, ["limit": String(bodyLimit)])
            reply(PlainAnswer(text: "request body too large", status: .contentTooLarge))
            return
        }
        let parameters = FormParameters(query: query, method: request.method,
                                        contentType: request.headerFields[.contentType], body: body)
        switch call {
        case .worker(let name):
            workers.answer(name, parameters, ip: peer) { answer in
                reply(answer ?? PlainAnswer(text: "unknown worker call", status: .notFound))
            }
        case .addJob:
            let origin = RequestOrigin(login: BasicAuth.credentials(request.headerFields).login, path: route, peer: peer)
            json?.addJob(parameters, origin: origin, reply: reply)
        case .staticFile:
            break  // answered by the handler itself, with the kept headers
        }
    }

    /// A request target as its path and its query (after the first `?`, if any).
    static func split(_ target: String) -> (route: String, query: String?) {
        guard let mark = target.utf8.firstIndex(of: UInt8(ascii: "?")) else { return (target, nil) }
        return (String(target[..<mark]), String(target[target.index(after: mark)...]))
    }

    /// Counts an answered call as `RequestObserver` counts the router's.
    func record(_ call: Call, _ request: HTTPRequest, status: Int, since started: ContinuousClock.Instant, peer: String) {
        let elapsed = ContinuousClock.now - started
        let ns = elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000
        switch call {
        case .addJob: metrics.recordRequest(.json, nanoseconds: ns)
        case .worker: metrics.recordRequest(.workers, nanoseconds: ns)
        case .staticFile: metrics.recordRequest(.files, nanoseconds: ns)
        }
        events.request(method: request.method.rawValue, path: request.path ?? "", status: status,
                       seconds: Double(ns) / 1e9, peer: peer)
    }
}
