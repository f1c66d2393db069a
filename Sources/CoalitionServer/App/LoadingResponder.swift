import Hummingbird
import Logging

/// Listens on the server's port while the state loads (a million-job `master_db` takes
/// seconds) and answers every request 503 with `{"status":"loading"}`, so a health check
/// can tell "starting" from "down". Stopped (by cancelling the task `start` returns)
/// before the real server binds the same port.
struct LoadingResponder: Sendable {
    let host: String
    let port: Int
    let logger: Logger

    /// Starts answering and returns once the port is bound (or binding failed), so that
    /// cancelling the task never races the bind inside NIO.
    func start() async -> Task<Void, Never> {
        let (bound, signal) = AsyncStream<Void>.makeStream()
        let task = Task {
            do { try await run(onBound: { signal.yield() }) } catch {}
            signal.finish()
        }
        for await _ in bound { break }
        return task
    }

    func run(onBound: @escaping @Sendable () -> Void) async throws {
        let router = Router()
        for method in [HTTPRequest.Method.get, .post, .put, .delete, .head] {
            router.on("/", method: method) { _, _ in Self.answer }
            router.on("/**", method: method) { _, _ in Self.answer }
        }
        var quiet = logger
        // Its own cancellation is logged as errors by the framework: not worth an operator's attention.
        quiet.logLevel = .critical
        let app = Application(router: router,
                              configuration: .init(address: .hostname(host, port: port), serverName: nil),
                              onServerRunning: { _ in onBound() },
                              logger: quiet)
        try await app.runService(gracefulShutdownSignals: [])
    }

    static var answer: Response {
        var response = Answer.bytes(Array(HealthReport.loadingJSON.utf8), status: .serviceUnavailable,
                                    type: "application/json; charset=utf-8")
        response.headers[.retryAfter] = "1"
        return response
    }
}
