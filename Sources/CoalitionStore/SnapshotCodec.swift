import CoalitionCore
import HashTreeCollections

/// The `master_db` format: `COALSNAP`, a version, the counters, then workers, jobs and
/// activities, and a CRC-32 of everything before it. Version 2 adds, after the version,
/// the sequence number of the last journal record the state contains (version 1 files,
/// written before the journal existed, read as 0). Version 3 appends, after the
/// activities, the scheduling state (docs/scheduling.md): the jobs whose rules are set,
/// run-time limit maxima, held limit units, blocklists and worker health; older versions
/// read with none of it.
/// Version 4 adds each job's status (posted through `/json/jobprogress`) after its
/// progress values.
/// Version 5 adds, at the end of each worker, its capacity and NIMBY reason, and at the
/// end of each job (after its status) its resource request (older versions read with none).
/// Version 6 writes the jobs in id order, in blocks of ids that decode concurrently
/// (`SnapshotCodec+JobBlocks.swift`).
/// Version 7 adds, at the end of each job, how much of its run's output its worker has had
/// acknowledged (`Job.outputAcknowledged`; older versions read 0, as after a pick).
public enum SnapshotCodec {
    static let magic: [UInt8] = Array("COALSNAP".utf8)
    public static let version: UInt32 = 7

    /// Encodes a farm state that contains every journal record up to `journalSequence`.
    public static func encode(_ state: FarmState, journalSequence: UInt64 = 0) -> [UInt8] {
        var w = ByteWriter()
        w.bytes.reserveCapacity(64 + state.jobs.count * 96 + state.activities.count * 48)
        w.bytes.append(contentsOf: magic)
        w.u32(version)
        w.uvarint(journalSequence)
        w.varint(state.nextJobID)
        w.varint(state.nextActivityID)
        w.uvarint(UInt64(state.workers.count))
        for worker in state.workers.values { encode(worker, &w) }
        encodeJobBlocks(state.jobs, &w)
        w.uvarint(UInt64(state.activities.count))
        for a in state.activities.values {
            w.varint(a.id)
            w.string(a.worker)
            w.varint(a.jobID)
            w.string(a.jobTitle)
            w.string(a.state.rawValue)
            w.double(a.start)
            w.double(a.duration)
        }
        encodeScheduling(state, &w)
        w.u32(CRC32.checksum(w.bytes))
        return w.bytes
    }

    static func encode(_ worker: Worker, _ w: inout ByteWriter) {
        w.string(worker.name)
        w.string(worker.ip)
        w.string(worker.affinity)
        w.string(worker.state.rawValue)
        w.double(worker.pingTime)
        w.varint(worker.finished)
        w.varint(worker.error)
        w.varint(worker.lastJob)
        w.varint(worker.currentActivity)
        w.uvarint(UInt64(worker.load.count))
        for l in worker.load { w.double(l) }
        w.varint(worker.freeMemory)
        w.varint(worker.totalMemory)
        w.u8(worker.active ? 1 : 0)
        w.u8(worker.capacity == nil ? 0 : 1)
        if let c = worker.capacity { OperationCodec.encode(c, &w) }
        w.optionalString(worker.nimbyReason)
    }

    static func encode(_ job: Job, _ w: inout ByteWriter) {
        w.varint(job.id)
        w.varint(job.parent ?? -1)
        w.uvarint(UInt64(job.children.count))
        for c in job.children { w.varint(c) }
        w.string(job.title)
        w.string(job.command)
        w.string(job.dir)
        w.optionalString(job.environment)
        w.string(job.state.rawValue)
        w.string(job.worker)
        w.double(job.startTime)
        w.double(job.duration)
        w.double(job.pingTime)
        w.varint(job.tryCount)
        w.varint(job.retry)
        w.varint(job.timeOut)
        w.varint(job.priority)
        w.string(job.affinity)
        w.string(job.user)
        w.uvarint(UInt64(job.dependencies.count))
        for d in job.dependencies { w.varint(d) }
        w.string(job.url)
        w.optionalString(job.localProgressPattern)
        w.optionalString(job.globalProgressPattern)
        w.optionalDouble(job.localProgress)
        w.optionalDouble(job.globalProgress)
        w.optionalString(job.status)
        OperationCodec.encode(job.request, &w)
        w.varint(job.outputAcknowledged)
    }

    /// Decodes a snapshot; throws on anything but a complete, intact file.
    public static func decode(_ bytes: [UInt8]) throws(SnapshotError) -> FarmState {
        try decodeWithSequence(bytes).state
    }

    /// Decodes a snapshot with the last journal sequence number it contains.
    public static func decodeWithSequence(_ bytes: [UInt8]) throws(SnapshotError) -> (state: FarmState, journalSequence: UInt64) {
        guard bytes.count >= magic.count + 8, Array(bytes[0..<magic.count]) == magic else { throw .notASnapshot }
        var trailer = ByteReader(bytes, from: bytes.count - 4)
        let stored = try trailer.u32()
        guard CRC32.checksum(bytes, to: bytes.count - 4) == stored else { throw .checksumMismatch }
        var r = ByteReader(bytes, from: magic.count, to: bytes.count - 4)
        let v = try r.u32()
        guard (1...version).contains(v) else { throw .unsupportedVersion(v) }
        let sequence = v >= 2 ? try r.uvarint() : 0
        let nextJobID = try r.varint()
        let nextActivityID = try r.varint()
        var workers = TreeDictionary<String, Worker>()
        for _ in 0..<(try r.count()) {
            let worker = try decodeWorker(&r, version: v)
            workers[worker.name] = worker
        }
        let (jobs, highestJobID) = v >= 6 ? try decodeJobBlocks(&r, version: v)
                                          : try decodeJobs(&r, count: try r.count(), version: v)
        var activities = ActivityStore()
        for _ in 0..<(try r.count()) {
            let id = try r.varint()
            let worker = try r.string()
            let jobID = try r.varint()
            let title = try r.string()
            let state = try jobState(&r)
            let start = try r.double()
            let duration = try r.double()
            guard ActivityStore.isStorable(id) else { throw .damaged("activity id \(id) out of range") }
            activities[id] = Activity(id: id, worker: worker, jobID: jobID, jobTitle: title, state: state, start: start, duration: duration)
        }
        var state = FarmState(jobs: jobs, workers: workers, activities: activities,
                              nextJobID: max(nextJobID, highestJobID + 1), nextActivityID: nextActivityID)
        if v >= 3 { try decodeScheduling(&r, into: &state) }
        guard r.offset == r.end else { throw .damaged("trailing bytes") }
        guard state.jobs.contains(0) else { throw .damaged("no root job") }
        return (state, sequence)
    }

    static func jobState(_ r: inout ByteReader) throws(SnapshotError) -> JobState {
        try jobState(try r.string())
    }

    static func jobState(_ s: String) throws(SnapshotError) -> JobState {
        guard let state = JobState(rawValue: s) else { throw .damaged("unknown job state \(s)") }
        return state
    }

    static func decodeWorker(_ r: inout ByteReader, version: UInt32) throws(SnapshotError) -> Worker {
        var worker = Worker(name: try r.string(), now: 0)
        worker.ip = try r.string()
        worker.affinity = try r.string()
        let s = try r.string()
        guard let state = WorkerState(rawValue: s) else { throw .damaged("unknown worker state \(s)") }
        worker.state = state
        worker.pingTime = try r.double()
        worker.finished = try r.varint()
        worker.error = try r.varint()
        worker.lastJob = try r.varint()
        worker.currentActivity = try r.varint()
        var load: [Double] = []
        for _ in 0..<(try r.count(limit: 4096)) { load.append(try r.double()) }
        worker.load = load
        worker.freeMemory = try r.varint()
        worker.totalMemory = try r.varint()
        worker.active = try r.u8() != 0
        if version >= 5 {
            if try r.u8() != 0 { worker.capacity = try OperationCodec.decodeResources(&r) }
            worker.nimbyReason = try r.optionalString()
        }
        return worker
    }

    /// Reads the fields that follow a job's id into `job`, an empty slot of the store:
    /// every field is set where the job will live, without building it elsewhere first.
    static func decodeJob(id: JobID, _ r: inout ByteReader, version: UInt32, into job: inout Job) throws(SnapshotError) {
        job.id = id
        let parent = try r.varint()
        job.parent = parent < 0 ? nil : parent
        let n = try r.count()
        if n > 0 {
            var children: [JobID] = []
            children.reserveCapacity(n)
            for _ in 0..<n { children.append(try r.varint()) }
            job.children = children
        }
        job.title = try r.string()
        job.command = try r.string()
        job.dir = try r.string()
        job.environment = try r.optionalString()
        job.state = try jobState(&r)
        job.worker = try r.string()
        job.startTime = try r.double()
        job.duration = try r.double()
        job.pingTime = try r.double()
        job.tryCount = try r.varint()
        job.retry = try r.varint()
        job.timeOut = try r.varint()
        job.priority = try r.varint()
        job.affinity = try r.string()
        job.user = try r.string()
        let d = try r.count()
        if d > 0 {
            var deps: [JobID] = []
            for _ in 0..<d { deps.append(try r.varint()) }
            job.dependencies = deps
        }
        job.url = try r.string()
        job.localProgressPattern = try r.optionalString()
        job.globalProgressPattern = try r.optionalString()
        job.localProgress = try r.optionalDouble()
        job.globalProgress = try r.optionalDouble()
        if version >= 4 { job.status = try r.optionalString() }
        if version >= 5 { job.request = try OperationCodec.decodeRequest(&r) }
        if version >= 7 { job.outputAcknowledged = try r.varint() }
    }
}
