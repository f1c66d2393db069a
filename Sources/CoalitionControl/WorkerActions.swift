/// The worker actions: workers, worker-start/stop/clear, worker-affinity, and activities.
struct WorkerActions: Sendable {
    let invocation: ControlInvocation
    let api: CoalitionAPI

    /// `workers`: every worker with state, load and memory.
    func list() async throws {
        try invocation.expectNoArguments()
        let workers = try await api.workers().sorted { $0.string("Name") < $1.string("Name") }
        if invocation.json {
            Console.line(JSONValue.array(workers.map(\.json)).text)
            return
        }
        var table = TextTable([
            .init(title: "NAME"), .init(title: "IP"), .init(title: "STATE"), .init(title: "ACTIVE"),
            .init(title: "AFFINITY", maximumWidth: 30), .init(title: "LOAD", rightAligned: true),
            .init(title: "MEMORY FREE/TOTAL", rightAligned: true), .init(title: "FINISHED", rightAligned: true),
            .init(title: "ERRORS", rightAligned: true), .init(title: "LAST JOB", rightAligned: true),
        ])
        for worker in workers {
            table.append([
                worker.string("Name"), worker.string("IP"), worker.string("State"),
                worker["Active"].boolValue == false ? "no" : "yes", worker.string("Affinity"),
                ValueFormatting.load(worker["Load"]),
                ValueFormatting.memory(free: worker.int("FreeMemory"), total: worker.int("TotalMemory")),
                worker.string("Finished"), worker.string("Error"),
                worker.int("LastJob").map { $0 < 0 ? "" : String($0) } ?? "",
            ])
        }
        table.render(clip: Console.stdoutIsTerminal).forEach { Console.line($0) }
    }

    /// `worker-start`, `worker-stop`, `worker-clear NAME...`.
    func simple(_ endpoint: String) async throws {
        let names = invocation.arguments
        guard !names.isEmpty else {
            throw ControlError.usage("'\(invocation.action.rawValue)' needs at least one worker name")
        }
        try await api.requireWorkers(names)
        try await api.callAction(endpoint, names.map { ("id", $0) })
        if invocation.json {
            Console.line(JSONValue.object([
                ("Action", .string(invocation.action.rawValue)), ("Workers", .array(names.map { .string($0) })),
            ]).text)
        }
    }

    /// `worker-affinity NAME AFFINITY` (an empty AFFINITY clears it).
    func setAffinity() async throws {
        guard invocation.arguments.count == 2 else {
            throw ControlError.usage("usage: worker-affinity NAME AFFINITY (words separated by commas; \"\" clears)")
        }
        let name = invocation.arguments[0], affinity = invocation.arguments[1]
        try await api.requireWorkers([name])
        try await api.callAction("/json/updateworkers", [("id", name), ("prop", "Affinity"), ("value", affinity)])
        if invocation.json {
            Console.line(JSONValue.object([
                ("Action", .string("worker-affinity")), ("Workers", .array([.string(name)])),
                ("Affinity", .string(affinity)),
            ]).text)
        }
    }

    /// `activities [--job ID] [--worker NAME] [--since SECONDS]`: who ran what, newest last.
    func activities() async throws {
        try invocation.expectNoArguments()
        let job = try invocation.integer(.job)
        if let job, job < 0 { throw ControlError.usage("invalid value '\(job)' for --job: expected a job id") }
        let since = try invocation.seconds(.since)
        let activities = try await api.activities(job: job, worker: invocation.options.last(.worker), since: since)
            .sorted { ($0.int("ID") ?? 0) < ($1.int("ID") ?? 0) }
        if invocation.json {
            Console.line(JSONValue.array(activities.map(\.json)).text)
            return
        }
        var table = TextTable([
            .init(title: "ID", rightAligned: true), .init(title: "START"), .init(title: "JOB", rightAligned: true),
            .init(title: "TITLE", maximumWidth: 40), .init(title: "STATE"), .init(title: "WORKER"),
            .init(title: "DURATION", rightAligned: true),
        ])
        for activity in activities {
            table.append([
                activity.string("ID"), ValueFormatting.time(activity.double("Start")), activity.string("JobID"),
                activity.string("JobTitle"), activity.string("State"), activity.string("Worker"),
                ValueFormatting.duration(activity.double("Duration")),
            ])
        }
        table.render(clip: Console.stdoutIsTerminal).forEach { Console.line($0) }
    }
}
