import CoalitionWire
import Hummingbird

/// Every HTTP route of the server.
struct Routes: Sendable {
    let json: JSONAPI
    let workers: WorkerAPI
    let files: WebFiles
    let bodyLimit: Int
    /// Set when `ldaphost` is configured.
    var authenticator: LDAPAuthenticator? = nil
    /// `/json/presets` and `/json/submit` (render presets); unknown endpoints without.
    var presets: PresetAPI? = nil
    /// `/json/jobprogress` (progress posted from inside a job); unknown endpoint without.
    var jobProgress: JobProgressAPI? = nil
    /// Whether `GET /metrics` is served (`metrics` key).
    var serveMetrics = true

    var events: EventLog { json.service.events }

    func build() -> Router<ServerContext> {
        let router = Router(context: ServerContext.self)
        router.middlewares.add(RequestObserver(metrics: json.service.metrics, events: events))
        if let authenticator {
            router.middlewares.add(AuthMiddleware(authenticator: authenticator, events: events))
        }
        // Operations endpoints, open like /workers (AuthMiddleware lets them through).
        let service = json.service
        if serveMetrics {
            router.get("/metrics") { _, _ in
                Answer.bytes(service.metrics.exposition(service.figures()), type: "text/plain; version=0.0.4; charset=utf-8")
            }
        }
        router.get("/healthz") { _, _ in
            Answer.bytes(Array(service.health().json(version: CoalitionVersion.string).utf8),
                         type: "application/json; charset=utf-8")
        }
        for method in [HTTPRequest.Method.get, .post, .put, .delete] {
            router.on("/json/:name", method: method) { request, context in
                try await jsonCall(request, context, name: context.parameters.get("name") ?? "")
            }
            router.on("/xmlrpc/addjob", method: method) { request, context in
                try await jsonCall(request, context, name: "addjob")
            }
            router.on("/workers/:name", method: method) { request, context in
                var request = request
                let params: FormParameters
                do { params = try await request.formParameters(limit: bodyLimit) } catch {
                    return refuseTooLarge(request, context)
                }
                let name = context.parameters.get("name") ?? ""
                return await workers.handle(name, params, ip: context.peerIP)
                    ?? Answer.text("unknown worker call", status: .notFound)
            }
        }
        // Coalition v4's REST API; its web page uses the same paths under /api/webfrontend/.
        let rest = RESTAPI(service: json.service, logs: json.logs)
        for method in [HTTPRequest.Method.get, .post, .put, .delete] {
            router.on("/api/**", method: method) { request, _ in
                try await restCall(request, rest)
            }
        }
        // XML-RPC (reference 6) on the exact paths; /xmlrpc/addjob above stays the JSON alias.
        let xmlrpc = XMLRPCEndpoint(service: json.service, logs: json.logs)
        router.post("/xmlrpc") { request, context in
            await xmlrpc.respond(request, peerIP: context.peerIP, with: .user)
        }
        router.post("/workers") { request, context in
            await xmlrpc.respond(request, peerIP: context.peerIP, with: .workers)
        }
        router.get("/xmlrpc") { _, _ in XMLRPCEndpoint.methodNotAllowed }
        router.get("/workers") { _, _ in XMLRPCEndpoint.methodNotAllowed }
        router.get("/") { request, context in await files.response(request, context: context) }
        router.get("/**") { request, context in await files.response(request, context: context) }
        router.head("/**") { request, context in await files.response(request, context: context) }
        return router
    }

    func restCall(_ request: Request, _ rest: RESTAPI) async throws -> Response {
        var path = Substring(request.uri.path.dropFirst("/api/".count))
        if path.hasPrefix("webfrontend/") { path = path.dropFirst("webfrontend/".count) }
        var query = FormParameters()
        if let q = request.uri.query, !q.isEmpty { query.append(urlEncoded: Array(q.utf8)) }
        var body: [UInt8] = []
        if request.method != .get {
            do {
                let buffer = try await request.body.collect(upTo: bodyLimit)
                body = Array(buffer.readableBytesView)
            } catch {
                return Answer.tooLarge
            }
        }
        return await rest.respond(method: request.method, path: String(path), query: query, body: body,
                                  login: BasicAuth.login(request))
    }

    func jsonCall(_ request: Request, _ context: ServerContext, name: String) async throws -> Response {
        if name == "events" {
            guard request.method == .get else { return Answer.text("/json/events: use GET", status: .methodNotAllowed) }
            return EventStream(hub: json.service.changes).response(request)
        }
        if let presets, name == "presets" || name == "submit" { return try await presetCall(request, presets, name: name) }
        if let jobProgress, name == "jobprogress" {
            var request = request
            let params: FormParameters
            do { params = try await request.formParameters(limit: bodyLimit) } catch { return Answer.tooLarge }
            return await jobProgress.report(params)
        }
        guard let endpoint = JSONAPI.endpoints[name] else {
            return Answer.text("unknown endpoint /json/\(name)", status: .notFound)
        }
        var request = request
        let params: FormParameters
        do { params = try await request.formParameters(limit: bodyLimit) } catch {
            return refuseTooLarge(request, context)
        }
        return await endpoint(json, params, RequestOrigin(login: BasicAuth.login(request), path: request.uri.path,
                                                          peer: context.peerIP))
    }

    private func refuseTooLarge(_ request: Request, _ context: ServerContext) -> Response {
        events.requestRefused("body-too-large", path: request.uri.path, peer: context.peerIP,
                              ["limit": String(bodyLimit)])
        return Answer.tooLarge
    }
}

extension Routes {
    func presetCall(_ request: Request, _ presets: PresetAPI, name: String) async throws -> Response {
        guard name == "submit" else { return presets.list() }
        var request = request
        let params: FormParameters
        do { params = try await request.formParameters(limit: bodyLimit) } catch { return Answer.tooLarge }
        return await presets.submit(params, login: BasicAuth.login(request))
    }
}

/// HTTP Basic credentials.
enum BasicAuth {
    /// Login and password, empty when the request carries none.
    static func credentials(_ request: Request) -> (login: String, password: String) {
        credentials(request.headers)
    }

    /// Login and password from a request's headers, empty when they carry none.
    static func credentials(_ headers: HTTPFields) -> (login: String, password: String) {
        guard let header = headers[.authorization], header.lowercased().hasPrefix("basic ") else { return ("", "") }
        guard let decoded = LenientBase64.decode(Array(header.dropFirst(6).utf8)) else { return ("", "") }
        let parts = String(decoding: decoded, as: UTF8.self).split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        return (String(parts.first ?? ""), parts.count > 1 ? String(parts[1]) : "")
    }

    /// The login of HTTP Basic credentials, if the request carries some.
    static func login(_ request: Request) -> String {
        credentials(request).login
    }
}
