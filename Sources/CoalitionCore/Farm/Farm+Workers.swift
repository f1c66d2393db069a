extension Farm {
    // MARK: contact

    /// Creates or refreshes the worker record of a `/workers/*` request.
    mutating func contact(_ report: WorkerReport, now: Double) -> Worker {
        let known = state.workers[report.name]
        if known == nil { touch() }
        var worker = known ?? Worker(name: report.name, now: now)
        worker.pingTime = now
        if !report.ip.isEmpty { worker.ip = report.ip }
        worker.load = report.load ?? [0]
        if let f = report.freeMemory { worker.freeMemory = f }
        if let t = report.totalMemory { worker.totalMemory = t }
        state.workers[report.name] = worker
        if worker.state != .timeout {
            live.workers[report.name] = now
            live.noteDeadline(now + settings.timeout)
        }
        noteHostReport(report)
        return state.workers[report.name]!
    }

    mutating func setWorkerState(_ name: String, _ newState: WorkerState, now: Double) {
        guard var worker = state.workers[name], worker.state != newState else { return }
        touch()
        worker.state = newState
        state.workers[name] = worker
        if newState == .timeout {
            live.workers[name] = nil
        } else {
            live.workers[name] = worker.pingTime
            live.noteDeadline(worker.pingTime + settings.timeout)
        }
    }

    // MARK: pickjob

    /// Hands the best runnable job to `report.name` (reference 4.1, 3.3), or nil. With a
    /// recorded `choice` (replay), that job is handed out instead of asking the scheduler.
    mutating func pickJob(_ report: WorkerReport, choice: PickChoice? = nil, now: Double) -> Assignment? {
        var worker = contact(report, now: now)
        // A restarted worker no longer runs what it held (reference 16.1 #15).
        if let held = state.jobs[worker.lastJob], held.isLeaf, held.state == .working, held.worker == worker.name {
            setLeafState(held.id, .waiting, now: now)
        }
        let chosen: JobID?
        switch choice {
        case nil:
            forgiveExpiredBlocks(now: now)
            chosen = worker.active && workerMayPick(worker, now: now)
                ? nextJob(forAffinity: worker.affinity, worker: worker.name, now: now, fitting: report.resources?.free)
                : nil
        case .nothing?: chosen = nil
        case .job(let id)?: chosen = id
        }
        guard let id = chosen else {
            setWorkerState(worker.name, .waiting, now: now)
            return nil
        }
        let activityID = state.nextActivityID
        state.nextActivityID += 1
        setLeafState(id, .working, now: now) { job in
            job.worker = worker.name
            job.pingTime = now
            job.startTime = now
            job.duration = 0
            job.tryCount += 1
            job.status = nil
            job.outputAcknowledged = 0
        }
        acquireLimits(for: id)
        let job = state.jobs[id]!
        worker = state.workers[worker.name]!
        worker.lastJob = id
        worker.currentActivity = activityID
        state.workers[worker.name] = worker
        setWorkerState(worker.name, .working, now: now)
        state.activities[activityID] = Activity(id: activityID, worker: worker.name, jobID: id, jobTitle: job.title,
                                                state: .working, start: now, duration: 0)
        return Assignment(id: id, command: job.command, dir: job.dir, user: job.user, environment: job.environment,
                          reserved: report.resources == nil ? nil : effectiveRequest(of: id), activity: activityID)
    }

    /// The leaf a worker with `affinity` would get (reference 3.3), without taking it.
    /// With a worker name, its blocklist entries and the limits apply too; with `free`
    /// (a host that reports its resources), only a leaf whose request fits.
    public func nextJob(forAffinity affinity: String, worker: String? = nil, now: Double = 0,
                        fitting free: Resources? = nil) -> JobID? {
        let words = Set(FarmText.affinityWords(affinity))
        var stack: [SortedChunkSet<CandidateKey>.Iterator] = []
        // The resource floor of each level of `stack` (see Farm+Resources).
        var floors: [Resources] = []
        guard let top = index.candidates[0] else { return nil }
        let blocksCounted = index.rules.blocksCounted(at: now)
        stack.append(top.makeIterator())
        floors.append(.zero)
        while !stack.isEmpty {
            guard let key = stack[stack.count - 1].next() else {
                stack.removeLast()
                floors.removeLast()
                continue
            }
            // The rule counts first: a held-back group or blocked leaf is passed over unread.
            if countsReject(key.id, worker: worker, blocksCounted: blocksCounted) { continue }
            guard let job = state.jobs[key.id] else { continue }
            if !job.affinity.isEmpty && !FarmText.affinityWords(job.affinity).allSatisfy({ words.contains($0) }) {
                continue
            }
            if ruleRejects(job, worker: worker, now: now) { continue }
            let floor = resourceFloor(of: job, under: floors[floors.count - 1])
            if !subtreeFits(job, under: floor, free: free) { continue }
            if job.isLeaf { return key.id }
            if let set = index.candidates[key.id] {
                stack.append(set.makeIterator())
                floors.append(floor)
            }
        }
        return nil
    }

    // MARK: heartbeat

    /// A heartbeat (reference 4.2): returns whether the worker should keep running the job,
    /// and the job's progress values when the heartbeat was for its running job. `log` is
    /// the decoded chunk; it is kept only while the job runs for this worker. Recorded
    /// `progress` (replay) is set as it is instead of being parsed from the log.
    /// `logOffset`, when the worker gives it, is where `log` starts in the run's output:
    /// the part the server already has is dropped (see `takeNewOutput`).
    mutating func heartbeat(_ report: WorkerReport, jobID: JobID?, log: [UInt8], progress: ProgressValues? = nil,
                            logOffset: Int? = nil, now: Double) -> (keep: Bool, progress: ProgressValues?) {
        // Pings, load and memory figures are not worth a snapshot (they are refreshed at
        // load); a heartbeat marks the farm changed only through progress, state or the
        // output its worker had acknowledged.
        _ = contact(report, now: now)
        var owned = false
        var values: ProgressValues?
        if let id = jobID, var job = state.jobs[id], job.isLeaf, job.state == .working, job.worker == report.name {
            owned = true
            setWorkerState(report.name, .working, now: now)
            job.pingTime = now
            let before = (job.localProgress, job.globalProgress)
            let output = logOffset.map { takeNewOutput(log, at: $0, job: &job) } ?? log
            if let progress {
                job.localProgress = progress.local
                job.globalProgress = progress.global
            } else if !output.isEmpty {
                let kept = extractProgress(from: output, job: &job)
                if !kept.isEmpty { effects.append(.appendLog(id, kept)) }
            }
            if before != (job.localProgress, job.globalProgress) { touch() }
            if !output.isEmpty || before != (job.localProgress, job.globalProgress) { live.jobs[id]?.lastChange = now }
            values = ProgressValues(local: job.localProgress, global: job.globalProgress)
            state.jobs[id] = job
            live.jobs[id]?.ping = now
        }
        if owned, let id = jobID, let job = state.jobs[id], job.state == .working, job.worker == report.name,
           state.workers[report.name]?.state == .working {
            return (true, values)
        }
        setWorkerState(report.name, report.nimby != nil ? .nimby : .waiting, now: now)
        return (false, values)
    }

    /// The part of a chunk starting at `offset` of the run's output that the server does not
    /// have yet. The server has everything before the furthest offset the worker gave
    /// (`outputAcknowledged`, durable) and, in this process, everything it appended
    /// (`outputEnd`). Bytes before that are dropped: a worker that took the job over from
    /// one killed after its chunk was answered but before it recorded that sends the chunk
    /// again. A chunk starting past that end (the server restarted and the worker's last
    /// chunk was answered, or the server lost state) is taken whole: nothing can fill the
    /// gap. A negative offset counts as none.
    mutating func takeNewOutput(_ log: [UInt8], at offset: Int, job: inout Job) -> [UInt8] {
        guard offset >= 0 else { return log }
        let had = max(job.outputAcknowledged, live.jobs[job.id]?.outputEnd ?? 0)
        if offset > job.outputAcknowledged {
            job.outputAcknowledged = offset
            touch()
        }
        let (sum, overflow) = offset.addingReportingOverflow(log.count)
        live.jobs[job.id]?.outputEnd = max(had, overflow ? Int.max : sum)
        let known = had - offset
        if known <= 0 { return log }
        return known >= log.count ? [] : Array(log[known...])
    }

    // MARK: endjob

    /// The end of a run (reference 4.3). Ignored unless the job is WORKING for this worker
    /// and the code is a valid integer.
    mutating func endJob(_ report: WorkerReport, jobID: JobID?, exitCode: Int?, now: Double) {
        _ = contact(report, now: now)
        guard let id = jobID, let code = exitCode, let job = state.jobs[id], job.isLeaf,
              job.state == .working, job.worker == report.name else { return }
        setLeafState(id, code == 0 ? .finished : .error, now: now)
        if code == 0 { healWorker(report.name) } else { noteFailure(of: id, by: report.name, now: now) }
        guard var worker = state.workers[report.name] else { return }
        if code == 0 { worker.finished += 1 } else { worker.error += 1 }
        touch()
        state.workers[report.name] = worker
        setWorkerState(report.name, .waiting, now: now)
    }

    // MARK: worker administration

    /// Stops workers: no new jobs; their running jobs go back to WAITING (reference 3.11).
    mutating func stopWorkers(_ names: [String], now: Double) {
        for name in names {
            guard var worker = state.workers[name] else { continue }
            worker.active = false
            state.workers[name] = worker
            touch()
            for (id, run) in live.jobs where run.worker == name {
                setLeafState(id, .waiting, now: now)
            }
        }
    }

    mutating func startWorkers(_ names: [String]) {
        for name in names {
            guard var worker = state.workers[name] else { continue }
            worker.active = true
            worker.health = WorkerHealth()
            state.workers[name] = worker
            touch()
        }
    }

    mutating func removeWorkers(_ names: [String]) {
        for name in names where state.workers[name] != nil {
            state.workers[name] = nil
            live.workers[name] = nil
            touch()
        }
    }

    /// Sets a worker property; only `Affinity` exists (reference 5.8).
    mutating func updateWorkers(_ names: [String], prop: String, value: String) {
        guard prop == "Affinity" else { return }
        for name in names {
            guard var worker = state.workers[name] else { continue }
            worker.affinity = value
            state.workers[name] = worker
            touch()
        }
    }
}
