import CoalitionCore
import HashTreeCollections

/// Turns an original `master_db` into our `FarmState`. Pure: bytes in, state and report out.
///
/// Jobs keep their ids, parents, child order, every attribute and their progress; WORKING
/// jobs stay WORKING, as the original keeps them at restart (their workers get one timeout
/// period to resume heartbeating, see `Farm(restoring:)`). Group aggregates
/// (Finished…TotalWorking) are derived data: the farm recomputes them at load.
public enum V3Converter {
    /// Imports a whole file. Throws, changing nothing, unless it is an intact original database.
    public static func convert(_ bytes: [UInt8], limits: PickleReader.Limits = .init()) throws(V3ImportError)
        -> (state: FarmState, report: V3ImportReport) {
        try convert(try V3MasterDB.parse(bytes, limits: limits))
    }

    /// Converts an already parsed database.
    public static func convert(_ db: V3MasterDB) throws(V3ImportError) -> (state: FarmState, report: V3ImportReport) {
        var report = V3ImportReport()
        report.version = db.version
        var jobs = JobStore()
        for entry in db.jobs {
            guard case .int(let id) = entry.key else {
                report.note("job entry with a \(entry.key.kindName) key skipped", at: "-")
                continue
            }
            guard JobStore.isStorable(id) else {
                report.note("job entry with id \(id) out of range skipped", at: "-")
                continue
            }
            guard case .instance(let object) = entry.value, object.name == "Job" else {
                report.note("job entry holding a \(entry.value.kindName) skipped", at: "job \(id)")
                continue
            }
            jobs[id] = job(id: id, object, version: db.version, &report)
        }
        guard jobs.contains(0) else { throw .content("the database has no root job (id 0)") }
        checkTree(jobs, &report)

        var workers = TreeDictionary<String, Worker>()
        for entry in db.workers {
            guard case .instance(let object) = entry.value, object.name == "Worker" else {
                report.note("worker entry holding a \(entry.value.kindName) skipped", at: "-")
                continue
            }
            let worker = worker(object, key: entry.key, &report)
            workers[worker.name] = worker
        }

        var activities = ActivityStore()
        for entry in db.activities {
            guard case .int(let id) = entry.key else {
                report.note("activity entry with a \(entry.key.kindName) key skipped", at: "-")
                continue
            }
            guard case .instance(let object) = entry.value, object.name == "Activity" else {
                report.note("activity entry holding a \(entry.value.kindName) skipped", at: "activity \(id)")
                continue
            }
            guard ActivityStore.isStorable(id) else {
                report.note("activity entry with id \(id) out of range skipped", at: "-")
                continue
            }
            activities[id] = activity(id: id, object, &report)
        }

        // New ids must never collide with imported ones, whatever the counters say.
        let maxJob = jobs.keys.max() ?? 0
        let maxActivity = activities.keys.max() ?? -1
        var nextJobID = db.jobCounter
        if nextJobID <= maxJob {
            report.note("job counter \(db.jobCounter) raised above the highest job id", at: "counter")
            nextJobID = maxJob + 1
        }
        var nextActivityID = db.activityCounter
        if nextActivityID <= maxActivity {
            if db.version >= 7 {
                report.note("activity counter \(db.activityCounter) raised above the highest activity id", at: "counter")
            }
            nextActivityID = maxActivity + 1
        }
        report.jobs = jobs.count - 1
        report.workers = workers.count
        report.activities = activities.count
        report.nextJobID = nextJobID
        report.nextActivityID = nextActivityID
        let state = FarmState(jobs: jobs, workers: workers, activities: activities,
                              nextJobID: nextJobID, nextActivityID: nextActivityID)
        return (state, report)
    }

    // MARK: jobs

    static func job(id: JobID, _ object: PickleInstance, version: Int, _ report: inout V3ImportReport) -> Job {
        let f = V3FieldReader(owner: "job \(id)", kind: "job")
        var job = Job(id: id, parent: id == 0 ? nil : 0, title: "", dir: "", retry: 10, now: 0)
        var sawStart = false
        var sawPing = false
        for attribute in object.attributes {
            guard let name = attributeName(attribute.key) else {
                report.note("job attribute with a \(attribute.key.kindName) name ignored", at: f.owner)
                continue
            }
            let v = attribute.value
            switch name {
            case "ID":
                if case .int(let stored) = v, stored != id {
                    report.note("job ID attribute differs from its key; the key is kept", at: f.owner)
                }
            case "Parent":
                if id != 0 { job.parent = f.int(v, name, default: 0, &report) }
            case "Children": job.children = f.ids(v, name, &report)
            case "Title": job.title = f.string(v, name, default: "", &report)
            case "Command": job.command = f.string(v, name, default: "", &report)
            case "Dir": job.dir = f.string(v, name, default: "", &report)
            case "Environment":
                // The original stored the text "None" for "no environment".
                if case .none = v { job.environment = nil } else {
                    let env = f.string(v, name, default: "", &report)
                    job.environment = env.isEmpty || env == "None" ? nil : env
                }
            case "State":
                let text = f.string(v, name, default: "ERROR", &report)
                if let state = JobState(rawValue: text) { job.state = state } else {
                    report.note("job State \"\(text)\" unknown, read as ERROR", at: f.owner)
                    job.state = .error
                }
            case "Worker": job.worker = f.string(v, name, default: "", &report)
            case "StartTime":
                job.startTime = f.double(v, name, default: 0, &report)
                sawStart = true
            case "Duration": job.duration = f.double(v, name, default: 0, &report)
            case "PingTime":
                job.pingTime = f.double(v, name, default: 0, &report)
                sawPing = true
            case "Try": job.tryCount = f.int(v, name, default: 0, &report)
            case "Retry": job.retry = f.int(v, name, default: 10, &report)
            case "TimeOut": job.timeOut = f.int(v, name, default: 0, &report)
            case "Priority": job.priority = f.int(v, name, default: 1000, &report)
            case "Affinity": job.affinity = f.string(v, name, default: "", &report)
            case "User": job.user = f.string(v, name, default: "", &report)
            case "Dependencies": job.dependencies = f.ids(v, name, &report)
            case "URL": job.url = f.string(v, name, default: "", &report)
            case "LocalProgressPattern": job.localProgressPattern = pattern(v, name, f, &report)
            case "GlobalProgressPattern": job.globalProgressPattern = pattern(v, name, f, &report)
            case "LocalProgress": job.localProgress = f.optionalDouble(v, name, &report)
            case "GlobalProgress": job.globalProgress = f.optionalDouble(v, name, &report)
            case "Finished", "Errors", "Working", "Total", "TotalFinished", "TotalErrors", "TotalWorking":
                break // aggregates: recomputed from the leaves at load
            default:
                report.note("job attribute \(name) has no equivalent, ignored", at: f.owner)
            }
        }
        if !sawStart { report.note("job without StartTime", at: f.owner) }
        if !sawPing { job.pingTime = job.startTime }
        return job
    }

    /// Absent: the default pattern applies (nil). Python None: no pattern at all, which
    /// our model writes as an empty pattern. The text "None" (sent by the original control
    /// tool for "unset") is treated as absent, as our `addjob` does.
    static func pattern(_ v: PickleValue, _ name: String, _ f: V3FieldReader, _ report: inout V3ImportReport) -> String? {
        if case .none = v { return "" }
        let text = f.string(v, name, default: "", &report)
        return text == "None" ? nil : text
    }

    static func attributeName(_ key: PickleValue) -> String? {
        switch key {
        case .bytes(let b): String(decoding: b, as: UTF8.self)
        case .unicode(let s): s
        default: nil
        }
    }

    /// Reports the references the farm's rebuild will repair (it re-attaches orphans to
    /// the root and drops children that do not exist or do not point back).
    static func checkTree(_ jobs: JobStore, _ report: inout V3ImportReport) {
        for (id, job) in jobs {
            if let parent = job.parent, !jobs.contains(parent) || parent == id {
                report.note("job Parent \(parent) does not exist, job re-attached to the root", at: "job \(id)")
            }
            for child in job.children where jobs[child]?.parent != id {
                report.note("job Children entry \(child) is not a child of it, dropped", at: "job \(id)")
            }
        }
    }

    // MARK: workers and activities

    static func worker(_ object: PickleInstance, key: PickleValue, _ report: inout V3ImportReport) -> Worker {
        let keyName = attributeName(key) ?? ""
        let f = V3FieldReader(owner: "worker \(keyName)", kind: "worker")
        var worker = Worker(name: keyName, now: 0)
        for attribute in object.attributes {
            guard let name = attributeName(attribute.key) else {
                report.note("worker attribute with a \(attribute.key.kindName) name ignored", at: f.owner)
                continue
            }
            let v = attribute.value
            switch name {
            case "Name":
                let stored = f.string(v, name, default: keyName, &report)
                if stored != keyName && !keyName.isEmpty {
                    report.note("worker Name differs from its key; the key is kept", at: f.owner)
                } else {
                    worker.name = stored
                }
            case "IP": worker.ip = f.string(v, name, default: "", &report)
            case "Affinity": worker.affinity = f.string(v, name, default: "", &report)
            case "State":
                let text = f.string(v, name, default: "WAITING", &report)
                if let state = WorkerState(rawValue: text) { worker.state = state } else {
                    report.note("worker State \"\(text)\" unknown, read as WAITING", at: f.owner)
                }
            case "PingTime": worker.pingTime = f.double(v, name, default: 0, &report)
            case "Finished": worker.finished = f.int(v, name, default: 0, &report)
            case "Error": worker.error = f.int(v, name, default: 0, &report)
            case "LastJob": worker.lastJob = f.int(v, name, default: -1, &report)
            case "CurrentActivity": worker.currentActivity = f.int(v, name, default: -1, &report)
            case "Load": worker.load = load(v, f, &report)
            case "FreeMemory": worker.freeMemory = f.int(v, name, default: 0, &report)
            case "TotalMemory": worker.totalMemory = f.int(v, name, default: 0, &report)
            case "Active": worker.active = f.bool(v, name, default: true, &report)
            default:
                report.note("worker attribute \(name) has no equivalent, ignored", at: f.owner)
            }
        }
        return worker
    }

    static func load(_ v: PickleValue, _ f: V3FieldReader, _ report: inout V3ImportReport) -> [Double] {
        let items: [PickleValue]
        switch v {
        case .list(let l), .tuple(let l): items = l
        case .int, .float:
            // v2 stored one number.
            report.note("worker Load: a single number, read as a one-element list", at: f.owner)
            items = [v]
        default:
            report.note("worker Load: \(v.kindName) value replaced by []", at: f.owner)
            return []
        }
        return items.compactMap { item in
            switch item {
            case .float(let d) where d.isFinite: return d
            case .int(let i): return Double(i)
            default:
                report.note("worker Load: \(item.kindName) element dropped", at: f.owner)
                return nil
            }
        }
    }

    static func activity(id: Int, _ object: PickleInstance, _ report: inout V3ImportReport) -> Activity {
        let f = V3FieldReader(owner: "activity \(id)", kind: "activity")
        var a = Activity(id: id, worker: "", jobID: -1, jobTitle: "", state: .working, start: 0, duration: 0)
        for attribute in object.attributes {
            guard let name = attributeName(attribute.key) else {
                report.note("activity attribute with a \(attribute.key.kindName) name ignored", at: f.owner)
                continue
            }
            let v = attribute.value
            switch name {
            case "ID":
                if case .int(let stored) = v, stored != id {
                    report.note("activity ID attribute differs from its key; the key is kept", at: f.owner)
                }
            case "Worker": a.worker = f.string(v, name, default: "", &report)
            case "JobID": a.jobID = f.int(v, name, default: -1, &report)
            case "JobTitle": a.jobTitle = f.string(v, name, default: "", &report)
            case "State":
                let text = f.string(v, name, default: "ERROR", &report)
                if let state = JobState(rawValue: text) { a.state = state } else {
                    report.note("activity State \"\(text)\" unknown, read as ERROR", at: f.owner)
                    a.state = .error
                }
            case "Start": a.start = f.double(v, name, default: 0, &report)
            case "Duration": a.duration = f.double(v, name, default: 0, &report)
            default:
                report.note("activity attribute \(name) has no equivalent, ignored", at: f.owner)
            }
        }
        return a
    }
}
