/// The one door through which a farm changes. Every mutating entry point of `Farm` is
/// here; everything else that mutates is internal and reached only from these two.
extension Farm {
    /// Applies a live operation: the farm decides what is left to decide (the job a pick
    /// takes, what times out) and answers with the result and the records to journal,
    /// in order (usually one; none when no durable state changed).
    public mutating func apply(_ operation: FarmOperation) -> AppliedOperation {
        let before = revision
        var records: [FarmOperation] = []
        let result = perform(operation, replaying: false, records: &records)
        if revision == before { records.removeAll() }
        return AppliedOperation(result: result, records: records)
    }

    /// Applies a recorded operation again (start-up recovery): no policy is re-checked,
    /// recorded choices are followed and side effects are dropped (they happened, or
    /// were lost with the process, before the crash).
    public mutating func replay(_ operation: FarmOperation) throws(ReplayMismatch) {
        var ignored: [FarmOperation] = []
        if case .addJob(_, _, _, let id) = operation.change, id != state.nextJobID {
            throw ReplayMismatch("addjob recorded id \(id.map(String.init) ?? "none"), the farm's next id is \(state.nextJobID)")
        }
        if case .addJobTree(_, _, _, _, let id) = operation.change, id != state.nextJobID {
            throw ReplayMismatch("addjobtree recorded id \(id.map(String.init) ?? "none"), the farm's next id is \(state.nextJobID)")
        }
        if case .pickJob(_, let choice) = operation.change {
            if case .job(let id)? = choice, !state.jobs.contains(id) {
                throw ReplayMismatch("pickjob recorded job \(id), which does not exist")
            }
        }
        _ = perform(operation, replaying: true, records: &ignored)
        effects.removeAll(keepingCapacity: true)
    }

    /// The job an add names as its parent, if it exists.
    private func resolve(_ reference: ParentReference) -> JobID? {
        switch reference {
        case .id(let id): return state.jobs.contains(id) ? id : nil
        case .reference(let text): return resolveParent(text)
        }
    }

    /// True when the timeout pass has something to look at (a deadline passed).
    public func timeoutPassDue(at now: Double) -> Bool { now > live.earliest || historyDue(at: now) }

    private mutating func perform(_ op: FarmOperation, replaying: Bool, records: inout [FarmOperation]) -> OperationResult {
        let now = op.time
        func record(_ change: FarmChange) { records.append(FarmOperation(time: now, change: change)) }
        switch op.change {
        case .addJob(let spec, let reference, let requester, _):
            guard let parent = resolve(reference) else { return .added(.failure(.parentNotFound)) }
            do {
                let id = try addJob(spec, parent: parent, requester: requester, checkPolicy: !replaying, now: now)
                record(.addJob(spec, parent: .id(parent), requester: requester, id: id))
                return .added(.success(id))
            } catch {
                return .added(.failure(error))
            }
        case .addJobTree(let group, let children, let reference, let requester, _):
            guard let parent = resolve(reference) else { return .added(.failure(.parentNotFound)) }
            if !replaying {
                let whitelist = settings.whitelist
                for spec in CollectionOfOne(group) + children
                where !spec.command.isEmpty && !whitelist.allows(user: requester, command: spec.command) {
                    return .added(.failure(.commandNotAllowed))
                }
            }
            // Cannot throw: the parent exists, the white list was checked above, and
            // every child's parent is the group just added.
            guard let id = try? addJob(group, parent: parent, requester: requester, checkPolicy: false, now: now) else {
                return .added(.failure(.parentNotFound))
            }
            for child in children {
                _ = try? addJob(child, parent: id, requester: requester, checkPolicy: false, now: now)
            }
            record(.addJobTree(group, children: children, parent: .id(parent), requester: requester, id: id))
            return .added(.success(id))
        case .pauseJobs(let ids):
            pause(ids, now: now)
        case .startJobs(let ids):
            start(ids, now: now)
        case .resetJobs(let ids):
            reset(ids, now: now)
        case .resetErrorJobs(let ids):
            resetErrors(ids, now: now)
        case .moveJobs(let ids, let dest):
            move(ids, to: dest, now: now)
        case .removeJobs(let ids):
            // Recorded with the ids that existed, so the record says what was removed.
            let present = ids.filter { state.jobs.contains($0) }
            remove(present, now: now)
            if !present.isEmpty { record(.removeJobs(present)) }
            return .done
        case .removeChildren(let id):
            remove(state.jobs[id]?.children ?? [], now: now)
        case .updateJobs(let ids, let properties):
            let refused = update(ids, properties, checkPolicy: !replaying, now: now)
            if refused.isEmpty {
                record(op.change)
            } else {
                // Record exactly what applied, so a replay needs no policy.
                let full = ids.filter { refused[$0] == nil }
                if !full.isEmpty { record(.updateJobs(full, properties)) }
                for id in ids {
                    guard let skip = refused[id] else { continue }
                    let applied = properties.enumerated().filter { !skip.contains($0.offset) }.map(\.element)
                    if !applied.isEmpty { record(.updateJobs([id], applied)) }
                }
            }
            return .done
        case .stopWorkers(let names):
            stopWorkers(names, now: now)
        case .startWorkers(let names):
            startWorkers(names)
        case .removeWorkers(let names):
            removeWorkers(names)
        case .removeAllWorkers:
            let names = state.workers.keys.sorted()
            removeWorkers(names)
            record(.removeWorkers(names))
            return .done
        case .updateWorkers(let names, let properties):
            for p in properties { updateWorkers(names, prop: p.name, value: p.value) }
        case .setLimit(let name, let max):
            setLimit(name, max: max)
        case .clearBlocklist(let ids):
            for id in ids where state.jobs.contains(id) {
                for node in subtree(of: id) { clearBlocklist(node) }
            }
        case .pickJob(let report, let choice):
            let assignment = pickJob(report, choice: choice, now: now)
            record(.pickJob(report, choice: assignment.map { .job($0.id) } ?? .nothing))
            return .assigned(assignment)
        case .heartbeat(let report, let job, let log, let progress, let offset):
            let (keep, values) = heartbeat(report, jobID: job, log: log, progress: progress, logOffset: offset, now: now)
            record(.heartbeat(report, job: job, log: [], progress: values, logOffset: offset))
            return .keepRunning(keep)
        case .reportProgress(let job, let activity, let progress, let status):
            let applied = reportProgress(job: job, activity: activity, progress: progress, status: status)
            if applied { record(op.change) }
            return .accepted(applied)
        case .endJob(let report, let job, let code):
            endJob(report, jobID: job, exitCode: code, now: now)
        case .requeueJob(let report, let job, _):
            requeueJob(report, jobID: job, now: now)
        case .timeoutPass:
            let expired = runTimeoutPass(now: now)
            if !expired.isEmpty { record(.expire(expired)) }
            if let last = historyCut(now: now) {
                dropActivities(through: last)
                record(.dropActivities(through: last))
            }
            return .done
        case .expire(let expiries):
            for e in expiries { expire(e, now: now) }
        case .dropActivities(let last):
            dropActivities(through: last)
        }
        record(op.change)
        return .done
    }
}

/// The result of `Farm.apply`: the caller's answer and the records to journal.
public struct AppliedOperation: Sendable {
    public var result: OperationResult
    /// What to journal, in order; empty when no durable state changed.
    public var records: [FarmOperation]
}
