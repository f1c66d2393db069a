import Hummingbird
import ServiceLifecycle
import Logging

/// Listens on the server's port while the state loads (a million-job `master_db` takes
/// seconds) and answers every request 503 with `{"status":"loading"}`, so a health check
/// can tell "starting" from "down". Stopped (by cancelling the task `start` returns)
/// before the real server binds the same port.
struct LoadingResponder: Sendable {
    let host: String
    let port: Int
    let logger: Logger

    /// The running responder; `stop` ends it gracefully (connections are quiesced, never
    /// torn down mid-request: cancelling the task instead can trap inside NIO).
    struct Running: Sendable {
        let group: ServiceGroup
        let task: Task<Void, Never>

        func stop() async {
            await group.triggerGracefulShutdown()
            await task.value
        }
    }

    /// Starts answering and returns once the port is bound (or binding failed).
    func start() async -> Running {
        let (bound, signal) = AsyncStream<Void>.makeStream()
        let router = Router()
        for method in [HTTPRequest.Method.get, .post, .put, .delete, .head] {
            router.on("/", method: method) { _, _ in Self.answer }
            router.on("/**", method: method) { _, _ in Self.answer }
        }
        var quiet = logger
        // Its own shutdown is logged by the framework: not worth an operator's attention.
        quiet.logLevel = .critical
        let app = Application(router: router,
                              configuration: .init(address: .hostname(host, port: port), serverName: nil),
                              onServerRunning: { _ in signal.yield() },
                              logger: quiet)
        let group = ServiceGroup(services: [app], gracefulShutdownSignals: [], logger: quiet)
        let task = Task {
            do { try await group.run() } catch {}
            signal.finish()
        }
        for await _ in bound { break }
        return Running(group: group, task: task)
    }

    static var answer: Response {
        var response = Answer.bytes(Array(HealthReport.loadingJSON.utf8), status: .serviceUnavailable,
                                    type: "application/json; charset=utf-8")
        response.headers[.retryAfter] = "1"
        return response
    }
}
