import CoalitionWire
import Hummingbird

/// Requires LDAP-checked Basic credentials on the web UI, `/json` and `/xmlrpc`; the
/// worker protocol (`/workers`) stays open, as in the original, and so do `/metrics` and
/// `/healthz` (a scraper or a health check needs no LDAP account) and `/json/jobprogress`,
/// whose job token is its credential (a process inside a job has no user password).
struct AuthMiddleware: RouterMiddleware {
    typealias Context = ServerContext
    let authenticator: LDAPAuthenticator
    var events: EventLog = .silent

    func handle(_ request: Request, context: ServerContext,
                next: (Request, ServerContext) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        if path == "/workers" || path.hasPrefix("/workers/") || path == "/json/jobprogress" || path == "/metrics"
            || path == "/healthz" {
            return try await next(request, context)
        }
        let (login, password) = BasicAuth.credentials(request)
        guard await authenticator.accepts(login: login, password: password) else {
            // The login only: a password never reaches the log.
            events.requestRefused("auth-failed", path: path, peer: context.peerIP, ["login": login])
            var response = Answer.text("Authorization required!", status: .unauthorized)
            response.headers[.wwwAuthenticate] = "Basic realm=\"Coalition Login\""
            return response
        }
        return try await next(request, context)
    }
}
