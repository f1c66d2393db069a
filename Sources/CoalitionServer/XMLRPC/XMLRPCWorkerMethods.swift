import CoalitionCore
import CoalitionWire

/// The v2 worker protocol on `POST /workers` (reference 6.2), on the same Farm
/// operations as the form protocol of `/workers/<name>`.
enum XMLRPCWorkerMethods {
    static let noJob: XMLRPCValue = [-1, "", "", ""]
    static let load = XMLRPCParameter("load", .any, signature: "array")

    static let all: [XMLRPCMethod] = [
        XMLRPCMethod("pickjob", [.init("hostname", .string), load], returns: "array",
                     help: "Hands the best runnable job to worker hostname: [id, cmd, dir, user], "
                         + "or [-1, \"\", \"\", \"\"] when there is none.") { ctx, a in
            try await pick(ctx, a)
        },
        XMLRPCMethod("pickjobwithaffinity", [.init("hostname", .string), load,
                                             .init("affinity", .any)], returns: "array",
                     help: "As pickjob; the affinity argument is ignored (the worker's affinity is the one "
                         + "set on the server).") { ctx, a in
            try await pick(ctx, a)
        },
        XMLRPCMethod("heartbeat", [.init("hostname", .string), .init("jobId", .int),
                                   .init("log", .any, signature: "string"), load], returns: "boolean",
                     help: "Reports that hostname still runs jobId and appends log (base64 text) to its output; "
                         + "false tells the worker to stop the job.") { ctx, a in
            let report = try report(ctx, a, load: 3)
            let jobID = try a.int(1)
            let log = try decodeLog(a, 2)
            let keep = await ctx.service.submit(.heartbeat(report, job: jobID, log: log, progress: nil)).keepsRunning
            return .bool(keep)
        },
        XMLRPCMethod("endjob", [.init("hostname", .string), .init("jobId", .int), .init("errorCode", .int)],
                     returns: "int",
                     help: "Ends the run of jobId on hostname: FINISHED when errorCode is 0, else ERROR.") { ctx, a in
            let name = try a.string(0)
            let ip = ctx.peerIP
            let jobID = try a.int(1)
            let code = try a.int(2)
            // v2's endjob carries no load: keep the one the worker last reported.
            let load = await ctx.service.read { farm, _ in farm.worker(name)?.load }
            let report = WorkerReport(name: name, ip: ip, load: load)
            _ = await ctx.service.submit(.endJob(report, job: jobID, exitCode: code))
            return .int(1)
        },
    ]

    static func pick(_ ctx: XMLRPCCallContext, _ a: XMLRPCArguments) async throws(XMLRPCError) -> XMLRPCValue {
        let report = try report(ctx, a, load: 1)
        guard let job = await ctx.service.submit(.pickJob(report, choice: nil)).assignment else { return noJob }
        return [.int(Int64(job.id)), .string(job.command), .string(job.dir), .string(job.user)]
    }

    /// The worker record update every call carries: name, address and load.
    static func report(_ ctx: XMLRPCCallContext, _ a: XMLRPCArguments,
                       load index: Int) throws(XMLRPCError) -> WorkerReport {
        WorkerReport(name: try a.string(0), ip: ctx.peerIP, load: loadList(try a.raw(index)))
    }

    /// v2 workers send the 1/5/15-minute load averages as an array of doubles, or -1;
    /// anything else is stored as the default `[0]`.
    static func loadList(_ value: XMLRPCValue) -> [Double]? {
        switch value {
        case .array(let items):
            let numbers = items.compactMap(\.doubleValue)
            return numbers.count == items.count ? numbers : nil
        case .string(let text):
            return LoadList.parse(text)
        default:
            return value.doubleValue.map { [$0] }
        }
    }

    /// The log chunk: base64 text in a string (v2), or a `<base64>` value. Text that is not
    /// base64 is dropped, as the form protocol does.
    static func decodeLog(_ a: XMLRPCArguments, _ index: Int) throws(XMLRPCError) -> [UInt8] {
        switch try a.raw(index) {
        case .string(let text): return LenientBase64.decode(text.utf8) ?? []
        case .base64(let bytes): return bytes
        default: return []
        }
    }
}
