extension Farm {
    /// The update pass of every request (reference 3.1): heartbeat and run-time timeouts
    /// of running jobs, then silent workers. Cheap when no deadline has passed.
    public mutating func updatePass(now: Double) {
        guard now > live.earliest else { return }
        var earliest = Double.infinity
        for (id, run) in live.jobs {
            guard let job = state.jobs[id], job.isLeaf, job.state == .working else {
                live.jobs[id] = nil
                continue
            }
            if now - run.ping > settings.timeout {
                setLeafState(id, .error, now: now)
                effects.append(.appendLog(id, Array("SERVER: Worker \(run.worker) doesn't respond, timeout.".utf8)))
                if var worker = state.workers[run.worker], worker.state != .timeout {
                    worker.error += 1
                    state.workers[run.worker] = worker
                    setWorkerState(run.worker, .timeout, now: now)
                }
            } else if run.timeOut > 0 && now - run.start > Double(run.timeOut) {
                setLeafState(id, .error, now: now)
                effects.append(.appendLog(id, Array("SERVER: Job \(id) timeout, exceeded run time".utf8)))
                if var worker = state.workers[run.worker] {
                    worker.error += 1
                    state.workers[run.worker] = worker
                    setWorkerState(run.worker, .waiting, now: now)
                }
            } else {
                earliest = min(earliest, run.ping + settings.timeout)
                if run.timeOut > 0 { earliest = min(earliest, run.start + Double(run.timeOut)) }
            }
        }
        for (name, ping) in live.workers {
            if now - ping > settings.timeout {
                if var worker = state.workers[name], worker.state != .timeout {
                    worker.error += 1
                    state.workers[name] = worker
                    setWorkerState(name, .timeout, now: now)
                    touch()
                } else {
                    live.workers[name] = nil
                }
            } else {
                earliest = min(earliest, ping + settings.timeout)
            }
        }
        live.earliest = earliest
    }
}
