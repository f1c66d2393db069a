import CoalitionCore
import CoalitionWire

/// The scheduling-rule methods of `/xmlrpc` (docs/scheduling.md), one for each `/json`
/// endpoint: a job's bad-worker blocklist and the counted limits.
enum XMLRPCSchedulingMethods {
    static let all: [XMLRPCMethod] = [
        XMLRPCMethod("getblocklist", [.init("id", .int)], returns: "array",
                     help: "The workers that failed job id, as structs (Worker, Errors, Until): Until is the "
                         + "time the block ends, 0 while not blocked yet, -1 when never forgiven "
                         + "(/json/getblocklist).") { ctx, a in
            let id = try a.int(0)
            let list = await ctx.service.read { farm, _ in farm.blocklist(of: id) }
            return .array(list.map { entry in
                .struct([
                    "Worker": .string(entry.worker),
                    "Errors": .int(Int64(entry.errors)),
                    "Until": .double(entry.until.isFinite ? entry.until : -1),
                ])
            })
        },
        XMLRPCMethod("clearblocklist", [.init("ids", .intList)], returns: "int",
                     help: "Forgets the failures charged to workers on each job of ids and its descendants "
                         + "(/json/clearblocklist).") { ctx, a in
            let ids = try a.intList(0)
            if !ids.isEmpty { _ = await ctx.service.submit(.clearBlocklist(ids)) }
            return .int(1)
        },
        XMLRPCMethod("setlimit", [.init("name", .string), .init("max", .int)], returns: "int",
                     help: "Sets the maximum of limit name (created when new); a fault for an empty name, a "
                         + "comma in it, or a negative maximum, and nothing changes (/json/setlimit).") { ctx, a in
            let name = try a.string(0).trimmingCharacters(in: .whitespaces)
            let max = try a.int(1)
            guard !name.isEmpty, !name.contains(",") else {
                throw XMLRPCError(faultCode: XMLRPCError.applicationErrorCode,
                                  message: "setlimit: name must be a non-empty name without commas")
            }
            guard max >= 0 else {
                throw XMLRPCError(faultCode: XMLRPCError.applicationErrorCode,
                                  message: "setlimit: max must be a non-negative integer, got \(max)")
            }
            _ = await ctx.service.submit(.setLimit(name: name, max: max))
            return .int(1)
        },
        XMLRPCMethod("getlimits", [], returns: "struct",
                     help: "Every limit by name, each a struct (max, used) (/json/getlimits).") { ctx, _ in
            let table = await ctx.service.read { farm, _ in farm.limitTable() }
            return .struct(XMLRPCStruct(table.map { row in
                XMLRPCStruct.Member(name: row.name, value: .struct([
                    "max": .int(Int64(row.max)), "used": .int(Int64(row.used)),
                ]))
            }))
        },
    ]
}
