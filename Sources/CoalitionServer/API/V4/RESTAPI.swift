import CoalitionCore
import CoalitionWire
import Hummingbird

/// Coalition v4's REST API under `/api/` (its `server.py` `api_rest`), over the same farm
/// as `/json/` and `/xmlrpc`: reads through `FarmService.read`, every change a
/// `FarmChange` submitted through the door. docs/api.md has the translation rules.
struct RESTAPI: Sendable {
    let service: FarmService
    let logs: LogStore

    /// One request: `path` is what follows `/api/` (with v4's `webfrontend/` prefix removed).
    /// `login` is the authenticated user ("" without LDAP): the owner of added jobs.
    func respond(method: HTTPRequest.Method, path: String, query: FormParameters, body: [UInt8],
                 login: String = "") async -> Response {
        do {
            return try await route(method: method, path: path, query: query, body: body, login: login)
        } catch {
            return error.response
        }
    }

    private func route(method: HTTPRequest.Method, path: String, query: FormParameters,
                       body: [UInt8], login: String) async throws(APIError) -> Response {
        var parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        // v4 answers the distinct-value lists whatever the method.
        if parts.count == 2, parts[0] == "jobs", let list = V4DistinctColumn(rawValue: parts[1]) {
            return await distinct(list)
        }
        // `jobs/<digits>/…` routes as `jobs/{id}/…`.
        var id: JobID = 0
        if parts.count >= 2, parts[0] == "jobs", !parts[1].isEmpty,
           parts[1].utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            guard let n = Int(parts[1]) else { throw .notFound("Web service not found.") }
            id = n
            parts[1] = "{id}"
        }
        switch (method, parts.joined(separator: "/")) {
        case (.get, "openapi.json"): return Answer.json(Array(OpenAPIDocument.text.utf8))
        case (.get, "jobs"): return try await children(of: 0)
        case (.get, "jobs/where"): return try await jobsWhere(query)
        case (.get, "jobs/count/where"): return try await countWhere(query)
        case (.get, "jobs/{id}"): return try await job(id)
        case (.get, "jobs/{id}/children"): return try await children(of: id)
        case (.get, "jobs/{id}/dependencies"): return try await dependencies(of: id)
        case (.get, "jobs/{id}/childrendependencies"): return try await childrenDependencies(of: id)
        case (.get, "jobs/{id}/log"): return try await log(of: id)
        case (.get, "workers"): return await workers()
        case (.get, "events"): return try await events(query)
        case (.get, "affinities"): return await affinities()
        case (.put, "jobs"): return try await addJob(try APIBody(body), login: login)
        case (.post, "jobs"): return try await editJobs(try APIBody(body))
        case (.post, "workers"): return try await editWorkers(try APIBody(body))
        case (.post, "jobs/{id}/dependencies"): return try await setDependencies(id, try APIBody(body))
        case (.post, "resetjobs"): return try await jobAction(try APIBody(body), FarmChange.resetJobs)
        case (.post, "reseterrorjobs"): return try await jobAction(try APIBody(body), FarmChange.resetErrorJobs)
        case (.post, "startjobs"): return try await jobAction(try APIBody(body), FarmChange.startJobs)
        case (.post, "pausejobs"): return try await jobAction(try APIBody(body), FarmChange.pauseJobs)
        case (.post, "stopworkers"): return try await workerAction(try APIBody(body), FarmChange.stopWorkers)
        case (.post, "startworkers"): return try await workerAction(try APIBody(body), FarmChange.startWorkers)
        case (.post, "affinities"): return try Self.acceptAffinityNames(try APIBody(body))
        case (.delete, "jobs"): return try await removeJobs(try APIBody(body))
        case (.delete, "workers"): return try await workerAction(try APIBody(body), FarmChange.removeWorkers)
        default: throw .notFound("Web service not found.")
        }
    }

    /// `POST /api/affinities` names v4's affinity numbers. Here affinities are the words
    /// jobs and workers carry and the numbering is derived from them, so a well-formed
    /// table (integer keys, string names) is accepted and changes nothing; v4 clients
    /// that name their affinities first (its own tests do) keep working.
    static func acceptAffinityNames(_ body: APIBody) throws(APIError) -> Response {
        for (key, value) in try body.object("affinities") {
            // v4 ignores numbers outside 1...63 (its own tests send 64).
            guard let n = FarmText.integer(key) else { throw .bad("affinity numbers are integers, not '\(key)'") }
            guard value.string != nil else { throw .bad("affinity \(n): expected a name") }
        }
        return ok()
    }

    static func ok() -> Response { Answer.json(Array("1".utf8)) }
}
