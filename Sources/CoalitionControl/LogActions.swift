/// `log ID [-f]`: prints a job's log, optionally following it until the job stops.
struct LogActions: Sendable {
    let invocation: ControlInvocation
    let api: CoalitionAPI

    /// States in which a job's log stops growing.
    static let endStates: Set<String> = ["FINISHED", "ERROR", "PAUSED"]

    func run() async throws {
        let ids = try invocation.jobIDs()
        guard ids.count == 1, let id = ids.first else {
            throw ControlError.usage("'log' takes exactly one job id")
        }
        guard id != 0 else { throw ControlError.failure("job 0 is the root group; it has no log") }
        let interval = try invocation.seconds(.interval) ?? 1
        guard interval >= 0.05 || !invocation.options.has(.follow) else {
            throw ControlError.usage("invalid value for --interval: at least 0.05 seconds")
        }
        guard try await api.path(to: id) != nil else { throw ControlError.failure("unknown job \(id)") }

        if !invocation.options.has(.follow) {
            let log = try await api.log(id)
            if invocation.json {
                Console.line(JSONValue.object([("ID", .int(id)), ("Log", .string(log))]).text)
            } else {
                Console.write(log)
            }
            return
        }
        if invocation.json {
            throw ControlError.usage("--json cannot be combined with --follow")
        }
        try await follow(id, interval: interval)
    }

    /// Polls the job and its log; the state is read before the log so that the last
    /// poll, which sees the end state, also sees the log's final lines. Asks only for the
    /// bytes not yet shown (`getlog?offset=`); an original server answers the whole log,
    /// and then the shown prefix is cut off here instead.
    private func follow(_ id: Int64, interval: Double) async throws {
        var cursor = LogCursor()
        var follower: LogFollower? = nil
        while true {
            guard let job = try await api.job(id) else {
                throw ControlError.failure("job \(id) was removed")
            }
            let state = job.row.string("State")
            if follower == nil {
                follower = try await printNewParts(id, &cursor) ? nil : LogFollower()
            }
            if var whole = follower {
                let update = whole.advance(to: try await api.log(id))
                follower = whole
                if update.restarted && !update.text.isEmpty {
                    Console.error("(log of job \(id) restarted)")
                }
                Console.write(update.text)
            }
            if Self.endStates.contains(state) {
                if invocation.verbose { Console.error("job \(id) is \(state)") }
                return
            }
            try await Task.sleep(nanoseconds: UInt64(interval * 1_000_000_000))
        }
    }

    /// Prints what the log gained since `cursor`, asking again at once while there is
    /// more; false when the server does not answer by offset.
    private func printNewParts(_ id: Int64, _ cursor: inout LogCursor) async throws -> Bool {
        for _ in 0..<Self.partsPerPoll {
            guard let part = try await api.logPart(id, from: cursor.offset) else { return false }
            switch cursor.accept(part) {
            case .restarted:
                Console.error("(log of job \(id) restarted)")
            case .text(let text):
                if text.isEmpty { return true }
                Console.write(text)
            }
        }
        return true
    }

    /// Parts read back to back before the job's state is looked at again.
    static let partsPerPoll = 64
}
