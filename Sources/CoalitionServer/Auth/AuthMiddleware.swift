import CoalitionWire
import Hummingbird

/// Requires LDAP-checked Basic credentials on the web UI, `/json` and `/xmlrpc`; the
/// worker protocol (`/workers`) stays open, as in the original, and so does
/// `/json/jobprogress`, whose job token is its credential (a process inside a job has no
/// user password).
struct AuthMiddleware: RouterMiddleware {
    typealias Context = ServerContext
    let authenticator: LDAPAuthenticator

    func handle(_ request: Request, context: ServerContext,
                next: (Request, ServerContext) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        if path == "/workers" || path.hasPrefix("/workers/") || path == "/json/jobprogress" {
            return try await next(request, context)
        }
        let (login, password) = BasicAuth.credentials(request)
        guard await authenticator.accepts(login: login, password: password) else {
            var response = Answer.text("Authorization required!", status: .unauthorized)
            response.headers[.wwwAuthenticate] = "Basic realm=\"Coalition Login\""
            return response
        }
        return try await next(request, context)
    }
}
