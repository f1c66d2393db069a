import CoalitionCore
import CoalitionWire

/// `getjobs(id [, filter])`: the children of a job and the breadcrumb down to it
/// (reference 6.1), answered directly as bytes when called on its own.
enum XMLRPCGetJobs {
    struct Listing: Sendable {
        let jobs: [Job]
        let parents: [Breadcrumb]
        let now: Double
    }

    static let method = XMLRPCMethod(
        "getjobs", [.init("id", .int), .init("filter", .string)], optional: 1, returns: "struct",
        help: "The children of job id as {Jobs: [job structs], Parents: [{ID, Title}] from the root down to "
            + "id}. An unknown id gives no jobs and the root alone. filter, when given and not empty, keeps "
            + "only the children in that state.",
        responder: { ctx, a in
            let l = try await fetch(ctx, a)
            return XMLRPCJobListWriter.response(jobs: l.jobs, parents: l.parents, now: l.now)
        },
        handler: { ctx, a in
            let l = try await fetch(ctx, a)
            return .struct([
                "Jobs": .array(l.jobs.map { XMLRPCRecords.job($0, now: l.now) }),
                "Parents": .array(l.parents.map(XMLRPCRecords.breadcrumb)),
            ])
        })

    static func fetch(_ ctx: XMLRPCCallContext, _ a: XMLRPCArguments) async throws(XMLRPCError) -> Listing {
        let id = try a.int(0)
        let filter = a.has(1) ? try a.string(1) : nil
        return await ctx.service.read { farm, now in
            // v2 answered an unknown id with no jobs, where /json shows the root's children.
            guard farm.job(id) != nil else { return Listing(jobs: [], parents: farm.breadcrumb(to: 0), now: now) }
            let r = farm.children(of: id, filter: filter)
            return Listing(jobs: r.jobs, parents: r.parents, now: now)
        }
    }
}
