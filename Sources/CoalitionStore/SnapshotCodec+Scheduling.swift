import CoalitionCore

/// The scheduling section of a version 3 snapshot: sparse, so a farm that uses none of
/// it pays five bytes.
extension SnapshotCodec {
    static func encodeScheduling(_ state: FarmState, _ w: inout ByteWriter) {
        var ruled: [(JobID, SchedulingRules)] = []
        state.jobs.forEachRow { job in if !job.rules.isDefault { ruled.append((job.id, job.rules)) } }
        w.uvarint(UInt64(ruled.count))
        for (id, rules) in ruled {
            w.varint(id)
            OperationCodec.rules(rules, &w)
        }
        w.uvarint(UInt64(state.limitMaxima.count))
        for (name, max) in state.limitMaxima { w.string(name); w.varint(max) }
        w.uvarint(UInt64(state.heldLimits.count))
        for (id, names) in state.heldLimits { w.varint(id); OperationCodec.strings(names, &w) }
        w.uvarint(UInt64(state.blocklists.count))
        for (id, list) in state.blocklists {
            w.varint(id)
            w.uvarint(UInt64(list.count))
            for e in list { w.string(e.worker); w.varint(e.errors); w.double(e.until) }
        }
        let unwell = state.workers.values.filter { $0.health != WorkerHealth() }
        w.uvarint(UInt64(unwell.count))
        for worker in unwell {
            w.string(worker.name)
            w.varint(worker.health.failureStreak)
            w.varint(worker.health.lastFailedJob)
            w.double(worker.health.sickUntil)
        }
    }

    static func decodeScheduling(_ r: inout ByteReader, into state: inout FarmState) throws(SnapshotError) {
        for _ in 0..<(try r.count()) {
            let id = try r.varint()
            let rules = try OperationCodec.decodeRules(&r)
            guard var job = state.jobs[id] else { throw .damaged("rules of unknown job \(id)") }
            job.rules = rules
            state.jobs[id] = job
        }
        for _ in 0..<(try r.count()) { state.limitMaxima[try r.string()] = try r.varint() }
        for _ in 0..<(try r.count()) { state.heldLimits[try r.varint()] = try OperationCodec.strings(&r) }
        for _ in 0..<(try r.count()) {
            let id = try r.varint()
            var list: [BlockEntry] = []
            for _ in 0..<(try r.count()) {
                list.append(BlockEntry(worker: try r.string(), errors: try r.varint(), until: try r.double()))
            }
            state.blocklists[id] = list
        }
        for _ in 0..<(try r.count()) {
            let name = try r.string()
            var health = WorkerHealth()
            health.failureStreak = try r.varint()
            health.lastFailedJob = try r.varint()
            health.sickUntil = try r.double()
            if var worker = state.workers[name] {
                worker.health = health
                state.workers[name] = worker
            }
        }
    }
}
