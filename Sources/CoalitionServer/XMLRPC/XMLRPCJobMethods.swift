import CoalitionCore
import CoalitionWire

/// The job methods of `/xmlrpc`: the v2 set (reference 6.1) and one method for each
/// `/json` job operation v2 lacked. Every handler is one call of the Farm operation the
/// `/json` endpoint uses.
enum XMLRPCJobMethods {
    static let one: XMLRPCValue = .int(1)

    static let all: [XMLRPCMethod] = [
        XMLRPCMethod("addjob", [.init("parent", .scalar), .init("title", .string), .init("cmd", .string),
                                .init("dir", .string), .init("priority", .int), .init("retry", .int),
                                .init("timeout", .int), .init("affinity", .string),
                                .init("dependencies", .intList)],
                     returns: "int",
                     help: "Adds a job under parent (an id, or a title path/title) and returns its id, -1 when "
                         + "the parent is not found or the command is refused. timeout is in seconds; "
                         + "dependencies is an array of ids or a string of ids. The user is the login.") { ctx, a in
            var spec = NewJob()
            spec.title = try a.string(1)
            spec.command = try a.string(2)
            spec.dir = try a.string(3)
            spec.priority = try a.int(4)
            spec.retry = try a.int(5)
            spec.timeOut = try a.int(6)
            spec.affinity = try a.string(7)
            spec.dependencies = try a.intList(8)
            spec.user = ctx.login
            return await add(spec, parent: try a.string(0), ctx)
        },
        XMLRPCMethod("addjobwithoptions", [.init("options", .struct)],
                     returns: "int",
                     help: "Adds a job from a struct with the /json/addjob parameter names (parent, title, cmd, "
                         + "dir, env, priority, retry, timeout, affinity, dependencies, localprogress, "
                         + "globalprogress, url, user, state, paused, cores, memory, gpus, maxworkererrors, "
                         + "forgivetime, limits, stalltimeout); returns its id or -1.") { ctx, a in
            let form = formParameters(try a.structure(0))
            guard let spec = NewJob(parameters: form, login: ctx.login) else { return .int(-1) }
            return await add(spec, parent: form["parent"] ?? "0", ctx)
        },
        XMLRPCGetJobs.method,
        XMLRPCMethod("getlog", [.init("id", .int)], returns: "string",
                     help: "The whole output of job id as text, empty when there is none.") { ctx, a in
            let id = try a.int(0)
            guard let bytes = ctx.logs.read(id) else { return .string("") }
            return .string(String(decoding: bytes, as: UTF8.self))
        },
        XMLRPCMethod("clearjobs", [.init("id", .int)], returns: "int",
                     help: "Removes every child of job id (with their subtrees), not id itself.") { ctx, a in
            let id = try a.int(0)
            _ = await ctx.service.submit(.removeChildren(of: id))
            return one
        },
        idAction("clearjob", "Removes job id and its subtree.", FarmChange.removeJobs),
        idsAction("removejobs", "Removes each job of ids with its subtree (/json/clearjobs).", FarmChange.removeJobs),
        idAction("resetjob", "Resets job id and its whole subtree: WAITING, Try 0, log deleted (v3 semantics).",
                 FarmChange.resetJobs),
        idsAction("resetjobs", "Resets each job of ids and its whole subtree (/json/resetjobs).", FarmChange.resetJobs),
        idsAction("reseterrorjobs", "Resets each job of ids, then its ERROR descendants; logs are kept "
                  + "(/json/reseterrorjobs).", FarmChange.resetErrorJobs),
        idAction("pausejob", "Pauses job id, whatever its state (v3 semantics).", FarmChange.pauseJobs),
        idsAction("pausejobs", "Pauses each job of ids (/json/pausejobs).", FarmChange.pauseJobs),
        idAction("startjob", "Starts job id again when it is PAUSED.", FarmChange.startJobs),
        idsAction("startjobs", "Starts each PAUSED job of ids (/json/startjobs).", FarmChange.startJobs),
        XMLRPCMethod("movejobs", [.init("ids", .intList), .init("dest", .int)], returns: "int",
                     help: "Moves each job of ids to the end of dest's children (/json/movejobs).") { ctx, a in
            let ids = try a.intList(0)
            let dest = try a.int(1)
            if !ids.isEmpty { _ = await ctx.service.submit(.moveJobs(ids, to: dest)) }
            return one
        },
        XMLRPCMethod("updatejobs", [.init("ids", .intList), .init("prop", .string), .init("value", .scalar)],
                     returns: "int",
                     help: "Sets property prop (Title, Command, Dir, Priority, Retry, TimeOut, Affinity, "
                         + "Dependencies, User, URL, Environment, LocalProgressPattern, GlobalProgressPattern) "
                         + "of each job of ids to value.") { ctx, a in
            let ids = try a.intList(0)
            let prop = try a.string(1)
            let value = try a.string(2)
            if !ids.isEmpty { _ = await ctx.service.submit(.updateJobs(ids, [JobProperty(prop, value)])) }
            return one
        },
        XMLRPCMethod("setjobpriority", [.init("id", .int), .init("priority", .int)], returns: "int",
                     help: "Sets the priority of job id.") { ctx, a in
            let id = try a.int(0)
            let priority = String(try a.int(1))
            _ = await ctx.service.submit(.updateJobs([id], [JobProperty("Priority", priority)]))
            return one
        },
        XMLRPCMethod("setjobaffinity", [.init("id", .int), .init("affinity", .string)], returns: "int",
                     help: "Sets the affinity of job id (comma-separated words).") { ctx, a in
            let id = try a.int(0)
            let affinity = try a.string(1)
            _ = await ctx.service.submit(.updateJobs([id], [JobProperty("Affinity", affinity)]))
            return one
        },
    ]

    /// addjob's common end: resolve the parent reference, add, answer the id or -1.
    static func add(_ spec: NewJob, parent reference: String, _ ctx: XMLRPCCallContext) async -> XMLRPCValue {
        let result = await ctx.service.submit(.addJob(spec, parent: .reference(reference), requester: ctx.login, id: nil))
        ctx.service.events.addJobRefused(result, spec: spec, parent: reference,
                                         origin: RequestOrigin(login: ctx.login, path: "/xmlrpc", peer: ctx.peerIP))
        return .int(Int64(result.addedID))
    }

    /// A struct of /json/addjob parameters as form pairs; arrays become comma-separated lists.
    static func formParameters(_ members: XMLRPCStruct) -> FormParameters {
        func text(_ value: XMLRPCValue) -> String? {
            if case .array(let items) = value { return items.compactMap(\.scalarText).joined(separator: ",") }
            return value.scalarText
        }
        return FormParameters(pairs: members.compactMap { m in text(m.value).map { (m.name, $0) } })
    }

    /// A method taking one job id and returning 1.
    static func idAction(_ name: String, _ help: String,
                         _ change: @escaping @Sendable ([JobID]) -> FarmChange) -> XMLRPCMethod {
        XMLRPCMethod(name, [.init("id", .int)], returns: "int", help: help) { ctx, a in
            let id = try a.int(0)
            _ = await ctx.service.submit(change([id]))
            return one
        }
    }

    /// A method taking a list of job ids and returning 1.
    static func idsAction(_ name: String, _ help: String,
                          _ change: @escaping @Sendable ([JobID]) -> FarmChange) -> XMLRPCMethod {
        XMLRPCMethod(name, [.init("ids", .intList)], returns: "int", help: help) { ctx, a in
            let ids = try a.intList(0)
            if !ids.isEmpty { _ = await ctx.service.submit(change(ids)) }
            return one
        }
    }
}
