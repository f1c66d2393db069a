import Hummingbird
import Logging

/// Listens on the server's port while the state loads (a million-job `master_db` takes
/// seconds) and answers every request 503 with `{"status":"loading"}`, so a health check
/// can tell "starting" from "down". Stopped (by cancelling `run`) before the real server
/// binds the same port.
struct LoadingResponder: Sendable {
    let host: String
    let port: Int
    let logger: Logger

    func run() async throws {
        let router = Router()
        for method in [HTTPRequest.Method.get, .post, .put, .delete, .head] {
            router.on("/", method: method) { _, _ in Self.answer }
            router.on("/**", method: method) { _, _ in Self.answer }
        }
        var quiet = logger
        quiet.logLevel = .warning
        let app = Application(router: router,
                              configuration: .init(address: .hostname(host, port: port), serverName: nil),
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
