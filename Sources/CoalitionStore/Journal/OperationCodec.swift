import CoalitionCore

/// The binary form of a `FarmOperation` inside a journal record: a tag byte per case,
/// then its fields with the snapshot's primitives (varints, length-prefixed UTF-8, raw
/// doubles). Tags are part of the file format: never renumber one, only add.
public enum OperationCodec {
    enum Tag: UInt8 {
        case addJob = 1, pauseJobs, startJobs, resetJobs, resetErrorJobs, moveJobs, removeJobs, removeChildren
        case updateJobs, stopWorkers, startWorkers, removeWorkers, removeAllWorkers, updateWorkers
        case pickJob, heartbeat, endJob, timeoutPass, expire
        case setLimit, clearBlocklist
        case addJobTree, reportProgress
        case dropActivities
        case requeueJob
    }

    /// Appends the encoding of `operation` to `w`.
    static func encode(_ operation: FarmOperation, into w: inout ByteWriter) {
        w.double(operation.time)
        switch operation.change {
        case .addJob(let spec, let parent, let requester, let id):
            w.u8(Tag.addJob.rawValue)
            encode(spec, &w)
            encode(parent, &w)
            w.string(requester)
            w.varint(id ?? -1)
            // Scheduling rules trail the record, only when set: older records end here.
            if !spec.rules.isDefault { rules(spec.rules, &w) }
        case .addJobTree(let group, let children, let parent, let requester, let id):
            w.u8(Tag.addJobTree.rawValue)
            encode(group, &w)
            w.uvarint(UInt64(children.count))
            for child in children { encode(child, &w) }
            encode(parent, &w)
            w.string(requester)
            w.varint(id ?? -1)
        case .pauseJobs(let ids): w.u8(Tag.pauseJobs.rawValue); ints(ids, &w)
        case .startJobs(let ids): w.u8(Tag.startJobs.rawValue); ints(ids, &w)
        case .resetJobs(let ids): w.u8(Tag.resetJobs.rawValue); ints(ids, &w)
        case .resetErrorJobs(let ids): w.u8(Tag.resetErrorJobs.rawValue); ints(ids, &w)
        case .moveJobs(let ids, let dest): w.u8(Tag.moveJobs.rawValue); ints(ids, &w); w.varint(dest)
        case .removeJobs(let ids): w.u8(Tag.removeJobs.rawValue); ints(ids, &w)
        case .removeChildren(let id): w.u8(Tag.removeChildren.rawValue); w.varint(id)
        case .updateJobs(let ids, let props): w.u8(Tag.updateJobs.rawValue); ints(ids, &w); properties(props, &w)
        case .stopWorkers(let names): w.u8(Tag.stopWorkers.rawValue); strings(names, &w)
        case .startWorkers(let names): w.u8(Tag.startWorkers.rawValue); strings(names, &w)
        case .removeWorkers(let names): w.u8(Tag.removeWorkers.rawValue); strings(names, &w)
        case .removeAllWorkers: w.u8(Tag.removeAllWorkers.rawValue)
        case .updateWorkers(let names, let props):
            w.u8(Tag.updateWorkers.rawValue); strings(names, &w); properties(props, &w)
        case .pickJob(let report, let choice):
            w.u8(Tag.pickJob.rawValue)
            encode(report, &w)
            switch choice {
            case nil: w.u8(0)
            case .nothing?: w.u8(1)
            case .job(let id)?: w.u8(2); w.varint(id)
            }
        case .heartbeat(let report, let job, let log, let progress, let offset):
            w.u8(Tag.heartbeat.rawValue)
            encode(report, &w)
            w.varint(job ?? -1)
            w.uvarint(UInt64(log.count))
            w.bytes.append(contentsOf: log)
            w.u8(progress == nil ? 0 : 1)
            if let progress {
                w.optionalDouble(progress.local)
                w.optionalDouble(progress.global)
            }
            // The output offset trails the record, only when given: older records end here.
            if let offset { w.varint(offset) }
        case .endJob(let report, let job, let code):
            w.u8(Tag.endJob.rawValue)
            encode(report, &w)
            w.varint(job ?? -1)
            w.u8(code == nil ? 0 : 1)
            if let code { w.varint(code) }
        case .requeueJob(let report, let job, let reason):
            w.u8(Tag.requeueJob.rawValue)
            encode(report, &w)
            w.varint(job ?? -1)
            w.string(reason)
        case .reportProgress(let job, let activity, let progress, let status):
            w.u8(Tag.reportProgress.rawValue)
            w.varint(job)
            w.varint(activity)
            w.double(progress)
            w.optionalString(status)
        case .timeoutPass: w.u8(Tag.timeoutPass.rawValue)
        case .dropActivities(let last): w.u8(Tag.dropActivities.rawValue); w.varint(last)
        case .expire(let list):
            w.u8(Tag.expire.rawValue)
            w.uvarint(UInt64(list.count))
            for e in list {
                switch e {
                case .silentRun(let id, let name): w.u8(0); w.varint(id); w.string(name)
                case .overtime(let id, let name): w.u8(1); w.varint(id); w.string(name)
                case .silentWorker(let name): w.u8(2); w.string(name)
                case .stalled(let id, let name): w.u8(3); w.varint(id); w.string(name)
                }
            }
        case .setLimit(let name, let max): w.u8(Tag.setLimit.rawValue); w.string(name); w.varint(max)
        case .clearBlocklist(let ids): w.u8(Tag.clearBlocklist.rawValue); ints(ids, &w)
        }
    }

    /// Encodes one operation on its own (tests, benchmarks).
    public static func encode(_ operation: FarmOperation) -> [UInt8] {
        var w = ByteWriter()
        encode(operation, into: &w)
        return w.bytes
    }

    /// Decodes one operation occupying exactly `bytes`.
    public static func decode(_ bytes: [UInt8]) throws(SnapshotError) -> FarmOperation {
        var r = ByteReader(bytes)
        let op = try decode(&r)
        guard r.offset == r.end else { throw .damaged("trailing bytes in a journal record") }
        return op
    }

    static func decode(_ r: inout ByteReader) throws(SnapshotError) -> FarmOperation {
        let time = try r.double()
        let raw = try r.u8()
        guard let tag = Tag(rawValue: raw) else { throw .damaged("unknown operation \(raw)") }
        let change: FarmChange
        switch tag {
        case .addJob:
            let spec = try decodeNewJob(&r)
            let parent = try decodeParent(&r)
            let requester = try r.string()
            let id = try r.varint()
            var full = spec
            if r.offset < r.end { full.rules = try decodeRules(&r) }
            change = .addJob(full, parent: parent, requester: requester, id: id < 0 ? nil : id)
        case .addJobTree:
            let group = try decodeNewJob(&r)
            var children: [NewJob] = []
            for _ in 0..<(try r.count(limit: r.end - r.offset)) { children.append(try decodeNewJob(&r)) }
            let parent = try decodeParent(&r)
            let requester = try r.string()
            let id = try r.varint()
            change = .addJobTree(group, children: children, parent: parent, requester: requester, id: id < 0 ? nil : id)
        case .pauseJobs: change = .pauseJobs(try ints(&r))
        case .startJobs: change = .startJobs(try ints(&r))
        case .resetJobs: change = .resetJobs(try ints(&r))
        case .resetErrorJobs: change = .resetErrorJobs(try ints(&r))
        case .moveJobs: change = .moveJobs(try ints(&r), to: try r.varint())
        case .removeJobs: change = .removeJobs(try ints(&r))
        case .removeChildren: change = .removeChildren(of: try r.varint())
        case .updateJobs: change = .updateJobs(try ints(&r), try properties(&r))
        case .stopWorkers: change = .stopWorkers(try strings(&r))
        case .startWorkers: change = .startWorkers(try strings(&r))
        case .removeWorkers: change = .removeWorkers(try strings(&r))
        case .removeAllWorkers: change = .removeAllWorkers
        case .updateWorkers: change = .updateWorkers(try strings(&r), try properties(&r))
        case .pickJob:
            let report = try decodeReport(&r)
            let choice: PickChoice?
            switch try r.u8() {
            case 0: choice = nil
            case 1: choice = .nothing
            case 2: choice = .job(try r.varint())
            case let k: throw .damaged("unknown pick choice \(k)")
            }
            change = .pickJob(report, choice: choice)
        case .heartbeat:
            let report = try decodeReport(&r)
            let job = try r.varint()
            let n = try r.count(limit: r.end - r.offset)
            let log = Array(r.bytes[r.offset..<(r.offset + n)])
            r.offset += n
            var progress: ProgressValues?
            if try r.u8() != 0 { progress = ProgressValues(local: try r.optionalDouble(), global: try r.optionalDouble()) }
            let offset: Int? = r.offset < r.end ? try r.varint() : nil
            change = .heartbeat(report, job: job < 0 ? nil : job, log: log, progress: progress, logOffset: offset)
        case .endJob:
            let report = try decodeReport(&r)
            let job = try r.varint()
            let code: Int? = try r.u8() != 0 ? try r.varint() : nil
            change = .endJob(report, job: job < 0 ? nil : job, exitCode: code)
        case .requeueJob:
            let report = try decodeReport(&r)
            let job = try r.varint()
            change = .requeueJob(report, job: job < 0 ? nil : job, reason: try r.string())
        case .reportProgress:
            change = .reportProgress(job: try r.varint(), activity: try r.varint(), progress: try r.double(),
                                     status: try r.optionalString())
        case .timeoutPass: change = .timeoutPass
        case .dropActivities: change = .dropActivities(through: try r.varint())
        case .expire:
            var list: [Expiry] = []
            for _ in 0..<(try r.count(limit: r.end - r.offset)) {
                switch try r.u8() {
                case 0: list.append(.silentRun(try r.varint(), worker: try r.string()))
                case 1: list.append(.overtime(try r.varint(), worker: try r.string()))
                case 2: list.append(.silentWorker(try r.string()))
                case 3: list.append(.stalled(try r.varint(), worker: try r.string()))
                case let k: throw .damaged("unknown expiry \(k)")
                }
            }
            change = .expire(list)
        case .setLimit: change = .setLimit(name: try r.string(), max: try r.varint())
        case .clearBlocklist: change = .clearBlocklist(try ints(&r))
        }
        return FarmOperation(time: time, change: change)
    }

    // MARK: parts

    /// A job's scheduling rules (shared with the snapshot).
    static func rules(_ rules: SchedulingRules, _ w: inout ByteWriter) {
        w.varint(rules.maxWorkerErrors)
        w.varint(rules.forgiveTime)
        strings(rules.limits, &w)
        w.varint(rules.stallTimeout)
    }

    static func decodeRules(_ r: inout ByteReader) throws(SnapshotError) -> SchedulingRules {
        var rules = SchedulingRules()
        rules.maxWorkerErrors = try r.varint()
        rules.forgiveTime = try r.varint()
        rules.limits = try strings(&r)
        rules.stallTimeout = try r.varint()
        return rules
    }

    static func encode(_ parent: ParentReference, _ w: inout ByteWriter) {
        switch parent {
        case .id(let p): w.u8(0); w.varint(p)
        case .reference(let text): w.u8(1); w.string(text)
        }
    }

    static func decodeParent(_ r: inout ByteReader) throws(SnapshotError) -> ParentReference {
        switch try r.u8() {
        case 0: return .id(try r.varint())
        case 1: return .reference(try r.string())
        case let k: throw .damaged("unknown parent kind \(k)")
        }
    }

    static func ints(_ values: [Int], _ w: inout ByteWriter) {
        w.uvarint(UInt64(values.count))
        for v in values { w.varint(v) }
    }

    static func ints(_ r: inout ByteReader) throws(SnapshotError) -> [Int] {
        let n = try r.count(limit: r.end - r.offset)
        var out: [Int] = []
        out.reserveCapacity(n)
        for _ in 0..<n { out.append(try r.varint()) }
        return out
    }

    static func strings(_ values: [String], _ w: inout ByteWriter) {
        w.uvarint(UInt64(values.count))
        for v in values { w.string(v) }
    }

    static func strings(_ r: inout ByteReader) throws(SnapshotError) -> [String] {
        let n = try r.count(limit: r.end - r.offset)
        var out: [String] = []
        for _ in 0..<n { out.append(try r.string()) }
        return out
    }

    static func properties(_ values: [JobProperty], _ w: inout ByteWriter) {
        w.uvarint(UInt64(values.count))
        for p in values {
            w.string(p.name)
            w.string(p.value)
        }
    }

    static func properties(_ r: inout ByteReader) throws(SnapshotError) -> [JobProperty] {
        let n = try r.count(limit: r.end - r.offset)
        var out: [JobProperty] = []
        for _ in 0..<n { out.append(JobProperty(try r.string(), try r.string())) }
        return out
    }

    static func encode(_ report: WorkerReport, _ w: inout ByteWriter) {
        w.string(report.name)
        w.string(report.ip)
        w.u8(report.load == nil ? 0 : 1)
        if let load = report.load {
            w.uvarint(UInt64(load.count))
            for l in load { w.double(l) }
        }
        // Flag bits: 1 free memory, 2 total memory, 4 host resources, 8 NIMBY reason
        // (records written before resources existed never set 4 or 8).
        w.u8((report.freeMemory == nil ? 0 : 1) | (report.totalMemory == nil ? 0 : 2)
             | (report.resources == nil ? 0 : 4) | (report.nimby == nil ? 0 : 8))
        if let f = report.freeMemory { w.varint(f) }
        if let t = report.totalMemory { w.varint(t) }
        if let resources = report.resources {
            encode(resources.free, &w)
            encode(resources.capacity, &w)
        }
        if let nimby = report.nimby { w.string(nimby) }
    }

    static func decodeReport(_ r: inout ByteReader) throws(SnapshotError) -> WorkerReport {
        var report = WorkerReport(name: try r.string(), ip: try r.string())
        if try r.u8() != 0 {
            var load: [Double] = []
            for _ in 0..<(try r.count(limit: 4096)) { load.append(try r.double()) }
            report.load = load
        }
        let memory = try r.u8()
        if memory & 1 != 0 { report.freeMemory = try r.varint() }
        if memory & 2 != 0 { report.totalMemory = try r.varint() }
        if memory & 4 != 0 { report.resources = HostResources(free: try decodeResources(&r), capacity: try decodeResources(&r)) }
        if memory & 8 != 0 { report.nimby = try r.string() }
        return report
    }

    static func encode(_ spec: NewJob, _ w: inout ByteWriter) {
        w.string(spec.title)
        w.string(spec.command)
        w.string(spec.dir)
        w.optionalString(spec.environment)
        w.varint(spec.priority)
        w.varint(spec.retry)
        w.varint(spec.timeOut)
        w.string(spec.affinity)
        ints(spec.dependencies, &w)
        w.string(spec.url)
        w.string(spec.user)
        w.optionalString(spec.localProgressPattern)
        w.optionalString(spec.globalProgressPattern)
        // Bit 1: paused; bit 2: a resource request follows (never set before requests existed).
        w.u8((spec.paused ? 1 : 0) | (spec.request.isEmpty ? 0 : 2))
        if !spec.request.isEmpty { encode(spec.request, &w) }
    }

    static func encode(_ amounts: Resources, _ w: inout ByteWriter) {
        w.varint(amounts.cores)
        w.varint(amounts.memory)
        w.varint(amounts.gpus)
    }

    static func decodeResources(_ r: inout ByteReader) throws(SnapshotError) -> Resources {
        Resources(cores: try r.varint(), memory: try r.varint(), gpus: try r.varint())
    }

    /// Each figure as a varint, -1 for "not asked" (shared with the snapshot).
    static func encode(_ request: ResourceRequest, _ w: inout ByteWriter) {
        w.varint(request.cores ?? -1)
        w.varint(request.memory ?? -1)
        w.varint(request.gpus ?? -1)
    }

    static func decodeRequest(_ r: inout ByteReader) throws(SnapshotError) -> ResourceRequest {
        func figure(_ v: Int) -> Int? { v < 0 ? nil : v }
        return ResourceRequest(cores: figure(try r.varint()), memory: figure(try r.varint()), gpus: figure(try r.varint()))
    }

    static func decodeNewJob(_ r: inout ByteReader) throws(SnapshotError) -> NewJob {
        var spec = NewJob()
        spec.title = try r.string()
        spec.command = try r.string()
        spec.dir = try r.string()
        spec.environment = try r.optionalString()
        spec.priority = try r.varint()
        spec.retry = try r.varint()
        spec.timeOut = try r.varint()
        spec.affinity = try r.string()
        spec.dependencies = try ints(&r)
        spec.url = try r.string()
        spec.user = try r.string()
        spec.localProgressPattern = try r.optionalString()
        spec.globalProgressPattern = try r.optionalString()
        let flags = try r.u8()
        spec.paused = flags & 1 != 0
        if flags & 2 != 0 { spec.request = try decodeRequest(&r) }
        return spec
    }
}
