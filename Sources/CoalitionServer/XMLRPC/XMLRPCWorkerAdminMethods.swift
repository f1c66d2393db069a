import CoalitionCore
import CoalitionWire

/// The worker and activity methods of `/xmlrpc`: the v2 set (reference 6.1) and one
/// method for each `/json` worker operation v2 lacked.
enum XMLRPCWorkerAdminMethods {
    static let one: XMLRPCValue = .int(1)

    static let all: [XMLRPCMethod] = [
        XMLRPCMethod("getworkers", [], returns: "array",
                     help: "Every worker as a struct (Name, Affinity, State, PingTime, Finished, Error, LastJob, "
                         + "Load, Active, IP, FreeMemory, TotalMemory, CurrentActivity), sorted by name. State "
                         + "is SICK for an idle worker kept from work after failing (docs/scheduling.md).") { ctx, _ in
            let (workers, now) = await ctx.service.read { farm, now in (farm.workerList(), now) }
            return .array(workers.map { XMLRPCRecords.worker($0, now: now) })
        },
        XMLRPCMethod("clearworkers", [], returns: "int", help: "Deletes all workers.") { ctx, _ in
            _ = await ctx.service.submit(.removeAllWorkers)
            return one
        },
        namesAction("removeworkers", "Deletes the workers of names (/json/clearworkers).", FarmChange.removeWorkers),
        nameAction("stopworker", "Stops worker name: no new jobs, its running job goes back to WAITING.",
                   FarmChange.stopWorkers),
        namesAction("stopworkers", "Stops the workers of names (/json/stopworkers).", FarmChange.stopWorkers),
        nameAction("startworker", "Lets worker name take jobs again.", FarmChange.startWorkers),
        namesAction("startworkers", "Lets the workers of names take jobs again (/json/startworkers).",
                    FarmChange.startWorkers),
        XMLRPCMethod("updateworkers", [.init("names", .stringList), .init("prop", .string), .init("value", .scalar)],
                     returns: "int",
                     help: "Sets property prop (only Affinity exists) of the workers of names to value.") { ctx, a in
            let names = try a.stringList(0)
            let prop = try a.string(1)
            let value = try a.string(2)
            if !names.isEmpty { _ = await ctx.service.submit(.updateWorkers(names, [JobProperty(prop, value)])) }
            return one
        },
        XMLRPCMethod("getactivities", [.init("job", .int), .init("worker", .string), .init("howlong", .int)],
                     returns: "array",
                     help: "The runs (activities) as structs (ID, Start, JobID, JobTitle, State, Worker, Duration), "
                         + "sorted by id: of job (-1: any), on worker (\"\": any), started less than howlong "
                         + "seconds ago (-1: any) (/json/getactivities).") { ctx, a in
            let job = try a.int(0)
            let worker = try a.string(1)
            let howlong = try a.int(2)
            let (list, now) = await ctx.service.read { farm, now in
                (farm.activityList(job: job == -1 ? nil : job, worker: worker,
                                   within: howlong == -1 ? nil : Double(howlong), now: now), now)
            }
            return .array(list.map { XMLRPCRecords.activity($0, now: now) })
        },
    ]

    /// A method taking one worker name and returning 1.
    static func nameAction(_ name: String, _ help: String,
                           _ change: @escaping @Sendable ([String]) -> FarmChange) -> XMLRPCMethod {
        XMLRPCMethod(name, [.init("name", .string)], returns: "int", help: help) { ctx, a in
            let worker = try a.string(0)
            _ = await ctx.service.submit(change([worker]))
            return one
        }
    }

    /// A method taking a list of worker names and returning 1.
    static func namesAction(_ name: String, _ help: String,
                            _ change: @escaping @Sendable ([String]) -> FarmChange) -> XMLRPCMethod {
        XMLRPCMethod(name, [.init("names", .stringList)], returns: "int", help: help) { ctx, a in
            let names = try a.stringList(0)
            if !names.isEmpty { _ = await ctx.service.submit(change(names)) }
            return one
        }
    }
}
