import CoalitionCore

/// The v3 `/json/` table answers (reference 5.2–5.4) in strict JSON: `Vars` then
/// positional rows in exactly that column order.
public enum V3Tables {
    public static let jobVars = ["ID", "Title", "Command", "Dir", "State", "Worker", "StartTime", "Duration",
                                 "Try", "Retry", "TimeOut", "Priority", "Affinity", "User", "Finished",
                                 "Errors", "Working", "Total", "TotalFinished", "TotalErrors", "TotalWorking",
                                 "Dependencies", "URL", "LocalProgress", "GlobalProgress"]
    public static let workerVars = ["Name", "IP", "Affinity", "State", "Finished", "Error", "LastJob", "Load",
                                    "FreeMemory", "TotalMemory", "Active"]
    public static let activityVars = ["Start", "JobID", "JobTitle", "State", "Worker", "Duration", "ID"]

    /// Columns `getworkers` adds when asked (`extra=1`): the NIMBY reason and the
    /// capacity the host reported (null for v3 workers).
    public static let workerExtraVars = ["Nimby", "Cores", "Memory", "Gpus"]

    /// Job columns a client may ask for after the v3 ones (`getjobs?extra=NAME`).
    public enum ExtraJobColumn: String, Sendable, CaseIterable {
        /// The environment overrides, `VAR=value` entries joined by the two characters `\n`.
        case environment = "Environment"
        /// The short text a job posted with its progress (`/json/jobprogress`), or null.
        case status = "Status"
        /// The job's own request of cores, memory (MB) and GPUs, or null (docs/reservation.md).
        case cores = "Cores"
        case memory = "Memory"
        case gpus = "Gpus"
        /// Why the job cannot run on any known host, or null when it can.
        case waitReason = "WaitReason"
        /// The job's own scheduling rules (docs/scheduling.md): 0 / -1 / "" = inherited.
        case maxWorkerErrors = "MaxWorkerErrors"
        case forgiveTime = "ForgiveTime"
        case limits = "Limits"
        case stallTimeout = "StallTimeout"
        /// How many workers are currently kept away from the job (its blocklist).
        case blocked = "Blocked"

        /// The resource columns `getjobs?extra=1` adds, in this order.
        public static let resources: [ExtraJobColumn] = [.cores, .memory, .gpus, .waitReason]
        /// The scheduling-rule columns `getjobs?extra=Rules` adds, in this order.
        public static let rules: [ExtraJobColumn] = [.maxWorkerErrors, .forgiveTime, .limits, .stallTimeout, .blocked]
    }

    /// `{"Vars":[…],"Jobs":[[…],…],"Parents":[{"ID":0,"Title":"Root"},…]}`; `extra`
    /// columns follow the v3 ones, in the order given (none: exactly the v3 answer).
    /// `waitReasons` and `blocked` (one per row) fill the WaitReason and Blocked columns.
    public static func jobs(_ rows: [Job], parents: [Breadcrumb], now: Double, extra: [ExtraJobColumn] = [],
                            waitReasons: [String?] = [], blocked: [Int] = []) -> [UInt8] {
        var w = JSONWriter(capacity: 512 + rows.count * 200)
        w.raw("{\"Vars\":")
        w.stringArray(jobVars + extra.map(\.rawValue))
        w.raw(",\"Jobs\":[")
        for (i, job) in rows.enumerated() {
            if i > 0 { w.byte(UInt8(ascii: ",")) }
            jobRow(job, now: now, extra: extra, waitReason: i < waitReasons.count ? waitReasons[i] : nil,
                   blocked: i < blocked.count ? blocked[i] : 0, into: &w)
        }
        w.raw("],\"Parents\":[")
        for (i, p) in parents.enumerated() {
            if i > 0 { w.byte(UInt8(ascii: ",")) }
            w.raw("{\"ID\":")
            w.int(p.id)
            w.raw(",\"Title\":")
            w.string(p.title)
            w.byte(UInt8(ascii: "}"))
        }
        w.raw("]}")
        return w.bytes
    }

    static func jobRow(_ job: Job, now: Double, extra: [ExtraJobColumn] = [], waitReason: String? = nil,
                       blocked: Int = 0, into w: inout JSONWriter) {
        w.byte(UInt8(ascii: "["))
        w.int(job.id); w.byte(44)
        w.string(job.title); w.byte(44)
        w.string(job.command); w.byte(44)
        w.string(job.dir); w.byte(44)
        w.string(job.state.rawValue); w.byte(44)
        w.string(job.worker); w.byte(44)
        w.double(job.startTime); w.byte(44)
        w.double(job.displayDuration(now: now)); w.byte(44)
        w.int(job.tryCount); w.byte(44)
        w.int(job.retry); w.byte(44)
        w.int(job.timeOut); w.byte(44)
        w.int(job.priority); w.byte(44)
        w.string(job.affinity); w.byte(44)
        w.string(job.user); w.byte(44)
        w.int(job.directFinished); w.byte(44)
        w.int(job.directErrors); w.byte(44)
        w.int(job.directWorking); w.byte(44)
        w.int(job.tally.total); w.byte(44)
        w.int(job.tally.finished); w.byte(44)
        w.int(job.tally.errors); w.byte(44)
        w.int(job.tally.working); w.byte(44)
        w.intArray(job.dependencies); w.byte(44)
        w.string(job.url); w.byte(44)
        w.optionalDouble(job.localProgress); w.byte(44)
        w.optionalDouble(job.globalProgress)
        for column in extra {
            w.byte(44)
            switch column {
            case .environment: w.string(job.environment ?? "")
            case .status: optionalString(job.status, &w)
            case .cores: optionalInt(job.request.cores, &w)
            case .memory: optionalInt(job.request.memory, &w)
            case .gpus: optionalInt(job.request.gpus, &w)
            case .waitReason: optionalString(waitReason, &w)
            case .maxWorkerErrors: w.int(job.rules.maxWorkerErrors)
            case .forgiveTime: w.int(job.rules.forgiveTime)
            case .limits: w.string(job.rules.limits.joined(separator: ","))
            case .stallTimeout: w.int(job.rules.stallTimeout)
            case .blocked: w.int(blocked)
            }
        }
        w.byte(UInt8(ascii: "]"))
    }

    static func optionalInt(_ v: Int?, _ w: inout JSONWriter) {
        if let v { w.int(v) } else { w.raw("null") }
    }

    static func optionalString(_ v: String?, _ w: inout JSONWriter) {
        if let v { w.string(v) } else { w.raw("null") }
    }

    /// `{"Vars":[…],"Workers":[[…],…]}`, workers in the given order; State is `SICK` only
    /// for a worker that is sick at `now`. With `extra`, the `workerExtraVars` columns too.
    public static func workers(_ workers: [Worker], now: Double, extra: Bool = false) -> [UInt8] {
        var w = JSONWriter(capacity: 256 + workers.count * 120)
        w.raw("{\"Vars\":")
        w.stringArray(extra ? workerVars + workerExtraVars : workerVars)
        w.raw(",\"Workers\":[")
        for (i, worker) in workers.enumerated() {
            if i > 0 { w.byte(44) }
            w.byte(UInt8(ascii: "["))
            w.string(worker.name); w.byte(44)
            w.string(worker.ip); w.byte(44)
            w.string(worker.affinity); w.byte(44)
            w.string(worker.displayState(now: now)); w.byte(44)
            w.int(worker.finished); w.byte(44)
            w.int(worker.error); w.byte(44)
            w.int(worker.lastJob); w.byte(44)
            w.doubleArray(worker.load); w.byte(44)
            w.int(worker.freeMemory); w.byte(44)
            w.int(worker.totalMemory); w.byte(44)
            w.bool(worker.active)
            if extra {
                w.byte(44); optionalString(worker.nimbyReason, &w)
                w.byte(44); optionalInt(worker.capacity?.cores, &w)
                w.byte(44); optionalInt(worker.capacity?.memory, &w)
                w.byte(44); optionalInt(worker.capacity?.gpus, &w)
            }
            w.byte(UInt8(ascii: "]"))
        }
        w.raw("]}")
        return w.bytes
    }

    /// `{"Vars":[…],"Activities":[[…],…]}`
    public static func activities(_ activities: [Activity], now: Double) -> [UInt8] {
        var w = JSONWriter(capacity: 256 + activities.count * 100)
        w.raw("{\"Vars\":")
        w.stringArray(activityVars)
        w.raw(",\"Activities\":[")
        for (i, a) in activities.enumerated() {
            if i > 0 { w.byte(44) }
            w.byte(UInt8(ascii: "["))
            w.double(a.start); w.byte(44)
            w.int(a.jobID); w.byte(44)
            w.string(a.jobTitle); w.byte(44)
            w.string(a.state.rawValue); w.byte(44)
            w.string(a.worker); w.byte(44)
            w.double(a.displayDuration(now: now)); w.byte(44)
            w.int(a.id)
            w.byte(UInt8(ascii: "]"))
        }
        w.raw("]}")
        return w.bytes
    }

    /// A JSON string literal of `text` (getlog).
    public static func stringLiteral(_ text: String) -> [UInt8] {
        var w = JSONWriter(capacity: text.utf8.count + 16)
        w.string(text)
        return w.bytes
    }
}
