import CoalitionClient

/// The v3 `/json/*` user API, as typed calls. Every call checks the HTTP status and
/// turns transport problems into one-line `ControlError.failure`s.
struct CoalitionAPI: Sendable {
    let client: FormClient
    /// When set, every request is echoed on stderr.
    let verbose: Bool

    /// A `getjobs` filter no job state can equal: the answer then carries only the
    /// breadcrumb, which is the cheapest way to learn whether a job exists.
    static let breadcrumbOnlyFilter = "-"

    /// Existence checks sent at the same time.
    static let parallelLookups = 4

    /// Queries longer than this go in a POST body instead of the URL.
    static let longestQuery = 6_000

    /// Sends one request and returns the answer text.
    func call(_ path: String, _ params: [(String, String)] = []) async throws -> String {
        let usePost = FormClient.encode(params).utf8.count > Self.longestQuery
        if verbose {
            let query = params.isEmpty ? "" : "?" + FormClient.encode(params)
            Console.error((usePost ? "POST " : "GET ") + client.baseURL + path + (usePost ? " (form body)" : query))
        }
        let answer: HTTPAnswer
        do {
            answer = usePost ? try await client.post(path, params) : try await client.get(path, params)
        } catch let error as ClientError {
            throw ControlError.failure("cannot reach the server at \(client.baseURL): \(error)")
        }
        if verbose {
            Console.error("-> HTTP \(answer.status), \(answer.body.count) bytes")
        }
        switch answer.status {
        case 200: return answer.text
        case 401: throw ControlError.failure("the server at \(client.baseURL) requires authentication")
        default: throw ControlError.failure("the server answered HTTP \(answer.status) to \(path)")
        }
    }

    /// Sends a request whose answer must be a JSON document.
    func callJSON(_ path: String, _ params: [(String, String)] = []) async throws -> JSONValue {
        let text = try await call(path, params)
        do {
            return try JSONValue.parse(text)
        } catch {
            throw ControlError.failure("the server's answer to \(path) is not valid JSON")
        }
    }

    /// Sends an action whose answer is `1` on success.
    func callAction(_ path: String, _ params: [(String, String)]) async throws {
        let answer = try await call(path, params).trimmingWhitespace
        guard answer == "1" else {
            throw ControlError.failure("the server refused \(path) (answer '\(answer.prefix(80))')")
        }
    }

    // MARK: - Jobs

    /// `addjob`: the new job's id.
    func addJob(_ params: [(String, String)]) async throws -> Int64 {
        let answer = try await call("/json/addjob", params).trimmingWhitespace
        guard let id = Int64(answer), id >= 0 else {
            throw ControlError.failure("the server refused the job (parent not found, command not allowed, or an unknown limit)")
        }
        return id
    }

    /// `getjobs`: the children of `id` (optionally only those in state `filter`) and the breadcrumb.
    /// With `extra`, the columns added after v3 too (resource requests, why a job waits);
    /// a v3 server ignores the parameter.
    func jobs(in id: Int64, filter: String? = nil, extra: Bool = false) async throws -> JobListing {
        var params = [("id", String(id))]
        if let filter { params.append(("filter", filter)) }
        if extra { params.append(("extra", "1")) }
        return try ServerTables.jobListing(try await callJSON("/json/getjobs", params))
    }

    /// The breadcrumb of `id` from the root down to the job, or nil when there is no such job.
    func path(to id: Int64) async throws -> [JobReference]? {
        let listing = try await jobs(in: id, filter: Self.breadcrumbOnlyFilter)
        guard listing.parents.last?.id == id else { return nil }
        return listing.parents
    }

    /// The `getjobs` row of one job, its breadcrumb, or nil when the job does not exist.
    /// The root (0) has no row of its own.
    func job(_ id: Int64) async throws -> (row: TableRow, path: [JobReference])? {
        guard let path = try await path(to: id), path.count >= 2 else { return nil }
        let parent = path[path.count - 2].id
        let siblings = try await jobs(in: parent, extra: true)
        guard let row = siblings.jobs.first(where: { $0.int("ID") == id }) else { return nil }
        return (row, path)
    }

    /// Fails with one message naming every id that is not a job on the server.
    func requireJobs(_ ids: [Int64]) async throws {
        var missing: [Int64] = []
        // A few lookups in flight at once, so long id ranges do not wait on each round trip in turn.
        for start in stride(from: 0, to: ids.count, by: Self.parallelLookups) {
            let batch = ids[start..<min(start + Self.parallelLookups, ids.count)]
            let found = try await withThrowingTaskGroup(of: (Int64, Bool).self) { group in
                for id in batch {
                    group.addTask { (id, try await self.path(to: id) != nil) }
                }
                var exists: [Int64: Bool] = [:]
                for try await (id, present) in group { exists[id] = present }
                return exists
            }
            missing += batch.filter { found[$0] != true }
        }
        guard missing.isEmpty else {
            let list = missing.prefix(20).map(String.init).joined(separator: ", ")
            let more = missing.count > 20 ? " and \(missing.count - 20) more" : ""
            throw ControlError.failure(missing.count == 1 ? "unknown job \(list)" : "unknown jobs \(list)\(more)")
        }
    }

    /// The whole log of a job (empty when it has none).
    func log(_ id: Int64) async throws -> String {
        let literal = try await callJSON("/json/getlog", [("id", String(id))])
        guard let text = literal.stringValue else {
            throw ControlError.failure("the server's answer to /json/getlog is not a string")
        }
        return text
    }

    /// The log from byte `offset` (`getlog?offset=`), nil when the server answers the
    /// whole log instead (an original server, which ignores the parameter).
    func logPart(_ id: Int64, from offset: Int64) async throws -> LogPart? {
        let value = try await callJSON("/json/getlog", [("id", String(id)), ("offset", String(offset))])
        if value.stringValue != nil { return nil }
        guard let text = value["log"]?.stringValue, let start = value["offset"]?.intValue, let end = value["end"]?.intValue else {
            throw ControlError.failure("the server's answer to /json/getlog?offset= is not a log part")
        }
        return LogPart(text: text, start: start, end: end)
    }

    // MARK: - Scheduling rules

    /// `getblocklist`: the workers that failed a job, each with Worker, Errors and Until.
    func blocklist(_ id: Int64) async throws -> [JSONValue] {
        guard let list = try await callJSON("/json/getblocklist", [("id", String(id))]).arrayValue else {
            throw ControlError.failure("the server's answer to /json/getblocklist is not a list")
        }
        return list
    }

    /// `getlimits`: every limit with its maximum and use, in the server's order.
    func limits() async throws -> [(name: String, max: Int64, used: Int64)] {
        let answer = try await callJSON("/json/getlimits")
        guard case .object(let members) = answer else {
            throw ControlError.failure("the server's answer to /json/getlimits is not an object")
        }
        return members.map { ($0.0, $0.1["max"]?.intValue ?? 0, $0.1["used"]?.intValue ?? 0) }
    }

    // MARK: - Workers and activities

    func workers() async throws -> [TableRow] {
        try ServerTables.rows(in: try await callJSON("/json/getworkers"), rowsKey: "Workers")
    }

    /// Fails with one message naming every worker the server does not know.
    func requireWorkers(_ names: [String]) async throws {
        let known = Set(try await workers().map { $0.string("Name") })
        let missing = names.filter { !known.contains($0) }
        guard missing.isEmpty else {
            throw ControlError.failure((missing.count == 1 ? "unknown worker " : "unknown workers ")
                + missing.map { "'\($0)'" }.joined(separator: ", "))
        }
    }

    func activities(job: Int64?, worker: String?, since: Double?) async throws -> [TableRow] {
        var params: [(String, String)] = []
        if let job { params.append(("job", String(job))) }
        if let worker { params.append(("worker", worker)) }
        if let since { params.append(("howlong", String(Int64(since.rounded(.up))))) }
        return try ServerTables.rows(in: try await callJSON("/json/getactivities", params), rowsKey: "Activities")
    }
}
