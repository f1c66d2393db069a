extension Farm {
    /// The timeout pass of every request (reference 3.1): heartbeat and run-time timeouts
    /// of running jobs, then silent workers. Answers what it expired, in the order it did,
    /// so that a replay can do exactly the same without the liveness table. Cheap when no
    /// deadline has passed.
    mutating func runTimeoutPass(now: Double) -> [Expiry] {
        guard now > live.earliest else { return [] }
        var expired: [Expiry] = []
        var earliest = Double.infinity
        for (id, run) in live.jobs {
            guard let job = state.jobs[id], job.isLeaf, job.state == .working else {
                live.jobs[id] = nil
                continue
            }
            if now - run.ping > settings.timeout {
                expired.append(.silentRun(id, worker: run.worker))
                expire(.silentRun(id, worker: run.worker), now: now)
            } else if run.timeOut > 0 && now - run.start > Double(run.timeOut) {
                expired.append(.overtime(id, worker: run.worker))
                expire(.overtime(id, worker: run.worker), now: now)
            } else if run.stallTimeout > 0 && now - run.lastChange > Double(run.stallTimeout) {
                expired.append(.stalled(id, worker: run.worker))
                expire(.stalled(id, worker: run.worker), now: now)
            } else {
                earliest = min(earliest, run.ping + settings.timeout)
                if run.timeOut > 0 { earliest = min(earliest, run.start + Double(run.timeOut)) }
                if run.stallTimeout > 0 { earliest = min(earliest, run.lastChange + Double(run.stallTimeout)) }
            }
        }
        for (name, ping) in live.workers {
            if now - ping > settings.timeout {
                if let worker = state.workers[name], worker.state != .timeout {
                    expired.append(.silentWorker(name))
                    expire(.silentWorker(name), now: now)
                } else {
                    live.workers[name] = nil
                }
            } else {
                earliest = min(earliest, ping + settings.timeout)
            }
        }
        live.earliest = earliest
        return expired
    }

    /// Carries out one decision of the timeout pass.
    mutating func expire(_ expiry: Expiry, now: Double) {
        switch expiry {
        case .silentRun(let id, let name):
            guard let job = state.jobs[id], job.isLeaf, job.state == .working else { return }
            setLeafState(id, .error, now: now)
            effects.append(.appendLog(id, Array("SERVER: Worker \(name) doesn't respond, timeout.".utf8)))
            if var worker = state.workers[name], worker.state != .timeout {
                worker.error += 1
                state.workers[name] = worker
                setWorkerState(name, .timeout, now: now)
            }
        case .overtime(let id, let name):
            guard let job = state.jobs[id], job.isLeaf, job.state == .working else { return }
            setLeafState(id, .error, now: now)
            effects.append(.appendLog(id, Array("SERVER: Job \(id) timeout, exceeded run time".utf8)))
            if var worker = state.workers[name] {
                worker.error += 1
                state.workers[name] = worker
                setWorkerState(name, .waiting, now: now)
            }
            noteFailure(of: id, by: name, now: now)
        case .stalled(let id, let name):
            guard let job = state.jobs[id], job.isLeaf, job.state == .working else { return }
            let seconds = live.jobs[id]?.stallTimeout ?? inheritedStallTimeout(of: id)
            setLeafState(id, .error, now: now)
            effects.append(.appendLog(id, Array("SERVER: Job \(id) stalled, no progress or output for \(seconds) s, stopped".utf8)))
            if var worker = state.workers[name] {
                worker.error += 1
                state.workers[name] = worker
                setWorkerState(name, .waiting, now: now)
            }
            noteFailure(of: id, by: name, now: now)
        case .silentWorker(let name):
            guard var worker = state.workers[name], worker.state != .timeout else { return }
            worker.error += 1
            state.workers[name] = worker
            setWorkerState(name, .timeout, now: now)
            touch()
        }
    }

    /// After a restart: every running job and every worker not in TIMEOUT gets one timeout
    /// period from `now` to call again (reference 8), whatever times the replayed
    /// operations carried.
    public mutating func resumeClock(now: Double) {
        // The liveness table already lists every running leaf and every worker not in
        // TIMEOUT (the restore and the replay keep it in step): no walk of the farm.
        for (id, run) in live.jobs {
            guard var job = state.jobs[id], job.isLeaf, job.state == .working else {
                live.jobs[id] = nil
                continue
            }
            job.pingTime = now
            state.jobs[id] = job
            live.jobs[id] = .init(worker: run.worker, ping: now, start: run.start, timeOut: run.timeOut,
                                  lastChange: now, stallTimeout: run.stallTimeout)
        }
        for name in live.workers.keys {
            guard var worker = state.workers[name], worker.state != .timeout else {
                live.workers[name] = nil
                continue
            }
            worker.pingTime = now
            state.workers[name] = worker
            live.workers[name] = now
        }
        live.earliest = now
    }
}
