import Hummingbird

/// Times every request into the duration histogram of its endpoint family and, with `-v`,
/// writes one event-log line per request.
struct RequestObserver: RouterMiddleware {
    typealias Context = ServerContext
    let metrics: FarmMetrics
    let events: EventLog

    func handle(_ request: Request, context: ServerContext,
                next: (Request, ServerContext) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        var status = 500
        defer {
            let elapsed = ContinuousClock.now - started
            let ns = elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000
            metrics.recordRequest(Self.family(request.uri.path), nanoseconds: ns)
            events.request(method: request.method.rawValue, path: request.uri.path, status: status,
                           seconds: Double(ns) / 1e9, peer: context.peerIP)
        }
        do {
            let response = try await next(request, context)
            status = response.status.code
            return response
        } catch let error as HTTPResponseError {
            status = error.status.code
            throw error
        }
    }

    /// The family of a path: the first segment for the APIs, `files` for everything else.
    static func family(_ path: String) -> FarmMetrics.EndpointFamily {
        let first = path.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: true).first ?? ""
        switch first {
        case "json": return .json
        case "workers": return .workers
        case "xmlrpc": return .xmlrpc
        case "metrics": return .metrics
        case "healthz": return .healthz
        default: return .files
        }
    }
}
