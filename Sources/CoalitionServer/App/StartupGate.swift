import Hummingbird
import Synchronization

/// The server's port is bound before its state loads (a million-job `master_db` takes
/// seconds), and one listener serves from then on: there is never a moment when the port
/// is closed between "loading" and "serving".
///
/// While the state loads, `/healthz` and `/metrics` answer 503 `{"status":"loading"}` at
/// once, so a health check can tell "starting" from "down"; every other request waits for
/// the load to finish and is then served as usual, so a v3 client (which knows nothing of
/// 503) sees a slow first answer, never a refusal.
final class StartupGate: Sendable {
    typealias Served = RouterResponder<ServerContext>

    private enum State {
        case loading([CheckedContinuation<Served?, Never>])
        case open(Served)
        case failed
    }

    private let state = Mutex<State>(.loading([]))
    private let openLane = Mutex<DirectLane?>(nil)

    init() {}

    /// Starts serving with `responder` and `lane`; the requests that waited are answered by it.
    func open(_ responder: Served, lane: DirectLane?) {
        openLane.withLock { $0 = lane }
        let waiting = state.withLock { state -> [CheckedContinuation<Served?, Never>] in
            guard case .loading(let waiting) = state else { return [] }
            state = .open(responder)
            return waiting
        }
        for continuation in waiting { continuation.resume(returning: responder) }
    }

    /// The state could not be loaded: the requests that waited are answered 503.
    func fail() {
        let waiting = state.withLock { state -> [CheckedContinuation<Served?, Never>] in
            guard case .loading(let waiting) = state else { return [] }
            state = .failed
            return waiting
        }
        for continuation in waiting { continuation.resume(returning: nil) }
    }

    /// The direct lane once open (`DirectLaneHandler` claims nothing before).
    var lane: DirectLane? { openLane.withLock { $0 } }

    /// The responder once open, at once when it is.
    var current: Served? {
        state.withLock { state in
            if case .open(let responder) = state { return responder }
            return nil
        }
    }

    /// The responder once the state is loaded; `nil` when loading failed.
    func wait() async -> Served? {
        if let responder = current { return responder }
        return await withCheckedContinuation { continuation in
            let ready: Served?? = state.withLock { state in
                switch state {
                case .loading(var waiting):
                    waiting.append(continuation)
                    state = .loading(waiting)
                    return .none
                case .open(let responder): return .some(responder)
                case .failed: return .some(nil)
                }
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}

/// The application's responder: the router once the state is loaded, the loading answers
/// before (see `StartupGate`).
struct GatedResponder: HTTPResponder {
    typealias Context = ServerContext
    let gate: StartupGate

    func respond(to request: Request, context: ServerContext) async throws -> Response {
        if let responder = gate.current { return try await responder.respond(to: request, context: context) }
        let path = request.uri.path
        if path == "/healthz" || path == "/metrics" { return Self.loadingAnswer }
        guard let responder = await gate.wait() else { return Self.loadingAnswer }
        return try await responder.respond(to: request, context: context)
    }

    static var loadingAnswer: Response {
        var response = Answer.bytes(Array(HealthReport.loadingJSON.utf8), status: .serviceUnavailable,
                                    type: "application/json; charset=utf-8")
        response.headers[.retryAfter] = "1"
        return response
    }
}
