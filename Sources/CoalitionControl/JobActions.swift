/// The job actions: add, list, show, tree, remove/reset/reset-errors/pause/start, move, update.
struct JobActions: Sendable {
    let invocation: ControlInvocation
    let api: CoalitionAPI

    /// `add`: prints the new id alone on stdout (scripts capture it).
    func add() async throws {
        let params = try AddJobRequest.parameters(for: invocation)
        let id: Int64
        do {
            id = try await api.addJob(params)
        } catch let error as ControlError {
            // Name the limits the server does not know, the likeliest reason.
            guard let names = invocation.options.last(.limits) else { throw error }
            let unknown = await SchedulingActions.unknownLimits(names, api: api)
            guard !unknown.isEmpty else { throw error }
            throw ControlError.failure("the server refused the job: unknown limit"
                + (unknown.count == 1 ? " " : "s ") + unknown.map { "'\($0)'" }.joined(separator: ", ")
                + " (see 'limits')")
        }
        var pauseFailure: ControlError?
        if invocation.options.has(.paused) {
            do {
                try await api.callAction("/json/pausejobs", [("id", String(id))])
            } catch let error as ControlError {
                pauseFailure = .failure("job \(id) was added but not paused: \(error)")
            }
        }
        // The id is printed even if pausing failed: the job exists and scripts need its id.
        Console.line(invocation.json ? JSONValue.object([("ID", .int(id))]).text : String(id))
        if let pauseFailure { throw pauseFailure }
    }

    /// `list [ID]`: the children of a job (the root by default, or `-P`, as the original).
    func list() async throws {
        let ids = try JobIDList.parse(invocation.arguments)
        guard ids.count <= 1 else { throw ControlError.usage("'list' takes at most one job id") }
        let id = try ids.first ?? invocation.integer(.parent) ?? 0
        let filter = invocation.options.last(.filter)?.uppercased()
        if let filter, !Self.states.contains(filter) {
            throw ControlError.usage("invalid value '\(filter)' for --filter: expected one of \(Self.states.joined(separator: ", "))")
        }
        let listing = try await api.jobs(in: id, filter: filter)
        guard listing.parents.last?.id == id else { throw ControlError.failure("unknown job \(id)") }
        if invocation.json {
            Console.line(JSONValue.object([
                ("Parents", .array(listing.parents.map(\.json))),
                ("Jobs", .array(listing.jobs.map(\.json))),
            ]).text)
            return
        }
        Console.line(JobViews.breadcrumb(listing.parents))
        JobViews.table(listing.jobs).render(clip: Console.stdoutIsTerminal).forEach { Console.line($0) }
    }

    /// `show ID...`: every field of each job.
    func show() async throws {
        let ids = try invocation.jobIDs()
        var found: [(row: TableRow, path: [JobReference])] = []
        for id in ids {
            guard id != 0 else { throw ControlError.failure("job 0 is the root group; use 'list' or 'tree'") }
            guard let job = try await api.job(id) else { throw ControlError.failure("unknown job \(id)") }
            found.append(job)
        }
        if invocation.json {
            Console.line(JSONValue.array(found.map { JobViews.detailsJSON($0.row, path: $0.path) }).text)
            return
        }
        for (n, job) in found.enumerated() {
            if n > 0 { Console.line() }
            JobViews.details(job.row, path: job.path).forEach { Console.line($0) }
        }
    }

    /// `tree [ID]`: the job tree with states and progress.
    func tree() async throws {
        let ids = try JobIDList.parse(invocation.options.values(.jobID) + invocation.arguments)
        guard ids.count <= 1 else { throw ControlError.usage("'tree' takes at most one job id") }
        let id = ids.first ?? 0
        let tree: JobTree
        if id == 0 {
            tree = try await JobTree.fetch(JobReference(id: 0, title: "Root"), row: nil, api: api)
        } else {
            guard let job = try await api.job(id) else { throw ControlError.failure("unknown job \(id)") }
            tree = try await JobTree.fetch(job.path.last!, row: job.row, api: api)
        }
        if invocation.json {
            Console.line(tree.json.text)
        } else {
            tree.table().render(clip: Console.stdoutIsTerminal).forEach { Console.line($0) }
        }
    }

    /// `remove`, `reset`, `reset-errors`, `pause`, `start`: one request with every id.
    func simple(_ endpoint: String) async throws {
        let ids = try invocation.jobIDs()
        try await api.requireJobs(ids)
        try await api.callAction(endpoint, ids.map { ("id", String($0)) })
        if invocation.json {
            Console.line(JSONValue.object([
                ("Action", .string(invocation.action.rawValue)), ("IDs", .array(ids.map { .int($0) })),
            ]).text)
        }
    }

    /// `move ID... --to PARENT`.
    func move() async throws {
        guard let destinationText = invocation.options.last(.to) else {
            throw ControlError.usage("'move' needs --to PARENT (the id of the new parent)")
        }
        let destination = try ControlInvocation.integer(destinationText, option: "--to")
        let ids = try invocation.jobIDs()
        try await api.requireJobs(ids + [destination])
        try await api.callAction("/json/movejobs", ids.map { ("id", String($0)) } + [("dest", String(destination))])
        // The server silently skips moves that would make a job its own ancestor.
        var refused: [Int64] = []
        for id in ids {
            let path = try await api.path(to: id) ?? []
            if path.count < 2 || path[path.count - 2].id != destination { refused.append(id) }
        }
        if !refused.isEmpty {
            throw ControlError.failure("could not move \(refused.map(String.init).joined(separator: ", ")) into \(destination) (a job cannot move into itself or its own subtree, nor can the root move)")
        }
        if invocation.json {
            Console.line(JSONValue.object([
                ("Action", .string("move")), ("IDs", .array(ids.map { .int($0) })), ("To", .int(destination)),
            ]).text)
        }
    }

    /// `update ID... --set Prop=Value [--set ...]`.
    func update() async throws {
        let assignments = try JobProperties.assignments(invocation.options.values(.set))
        let ids = try invocation.jobIDs()
        try await api.requireJobs(ids)
        var params = ids.map { ("id", String($0)) }
        for (property, value) in assignments {
            params.append(("prop", property))
            params.append(("value", value))
        }
        try await api.callAction("/json/updatejobs", params)
        if invocation.json {
            Console.line(JSONValue.object([
                ("Action", .string("update")), ("IDs", .array(ids.map { .int($0) })),
                ("Set", .object(assignments.map { ($0.0, .string($0.1)) })),
            ]).text)
        }
    }

    /// Job states, as the server spells them.
    static let states = ["WAITING", "WORKING", "PAUSED", "FINISHED", "ERROR"]
}
