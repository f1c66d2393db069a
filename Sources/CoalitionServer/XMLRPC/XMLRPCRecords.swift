import CoalitionCore
import CoalitionWire

/// Jobs, workers and activities as XML-RPC structs (reference 6.1). Members whose value
/// is absent are left out, because the v2 clients cannot read `<nil/>`.
enum XMLRPCRecords {
    /// A job struct: the v2 attributes plus the v3 counters, URL and progress.
    static func job(_ job: Job, now: Double) -> XMLRPCValue {
        var m: [XMLRPCStruct.Member] = []
        m.reserveCapacity(32)
        func add(_ name: String, _ value: XMLRPCValue) { m.append(.init(name: name, value: value)) }
        add("ID", int(job.id))
        if let parent = job.parent { add("Parent", int(parent)) }
        add("Children", ints(job.children))
        add("Title", .string(job.title))
        add("Command", .string(job.command))
        add("Dir", .string(job.dir))
        add("State", .string(job.state.rawValue))
        add("Worker", .string(job.worker))
        add("Affinity", .string(job.affinity))
        add("User", .string(job.user))
        add("StartTime", .double(job.startTime))
        add("Duration", .double(job.displayDuration(now: now)))
        add("PingTime", .double(job.pingTime))
        add("Try", int(job.tryCount))
        add("Retry", int(job.retry))
        add("TimeOut", int(job.timeOut))
        add("Priority", int(job.priority))
        // v2 kept a sibling order number that was always 0; scripts still read it.
        add("Order", .int(0))
        add("Finished", int(job.directFinished))
        add("Errors", int(job.directErrors))
        add("Working", int(job.directWorking))
        add("Total", int(job.tally.total))
        add("TotalFinished", int(job.tally.finished))
        add("TotalErrors", int(job.tally.errors))
        add("TotalWorking", int(job.tally.working))
        add("Dependencies", ints(job.dependencies))
        add("URL", .string(job.url))
        if let p = job.localProgress { add("LocalProgress", .double(p)) }
        if let p = job.globalProgress { add("GlobalProgress", .double(p)) }
        return .struct(XMLRPCStruct(m))
    }

    /// A worker struct. `Load` is the list of numbers the worker last reported; `State` is
    /// the one `/json/getworkers` shows at `now` (SICK for an idle sick worker).
    static func worker(_ worker: Worker, now: Double) -> XMLRPCValue {
        .struct([
            "Name": .string(worker.name),
            "Affinity": .string(worker.affinity),
            "State": .string(worker.displayState(now: now)),
            "PingTime": .double(worker.pingTime),
            "Finished": int(worker.finished),
            "Error": int(worker.error),
            "LastJob": int(worker.lastJob),
            "Load": .array(worker.load.map { .double($0) }),
            "Active": .bool(worker.active),
            "IP": .string(worker.ip),
            "FreeMemory": int(worker.freeMemory),
            "TotalMemory": int(worker.totalMemory),
            "CurrentActivity": int(worker.currentActivity),
        ])
    }

    /// An activity struct, with the columns of `/json/getactivities`.
    static func activity(_ activity: Activity, now: Double) -> XMLRPCValue {
        .struct([
            "ID": int(activity.id),
            "Start": .double(activity.start),
            "JobID": int(activity.jobID),
            "JobTitle": .string(activity.jobTitle),
            "State": .string(activity.state.rawValue),
            "Worker": .string(activity.worker),
            "Duration": .double(activity.displayDuration(now: now)),
        ])
    }

    /// `{ID, Title}` of one breadcrumb entry.
    static func breadcrumb(_ crumb: Breadcrumb) -> XMLRPCValue {
        .struct(["ID": int(crumb.id), "Title": .string(crumb.title)])
    }

    static func int(_ n: Int) -> XMLRPCValue { .int(Int64(n)) }

    static func ints(_ list: [Int]) -> XMLRPCValue { .array(list.map { .int(Int64($0)) }) }
}
