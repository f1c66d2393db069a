extension Farm {
    /// Recomputes everything derived: sibling order, leaf tallies, group states, the
    /// scheduler index and the liveness table. Repairs dangling references on the way.
    mutating func rebuild(now: Double) {
        index = SchedulerIndex()
        live = Liveness()
        if state.jobs[0] == nil {
            var root = Job(id: 0, parent: nil, title: "Root", now: now)
            root.priority = 1
            state.jobs[0] = root
        }
        // Orphans (parent missing) are re-attached to the root rather than lost.
        var root = state.jobs[0]!
        root.parent = nil
        for (id, job) in state.jobs where id != 0 {
            if let p = job.parent, state.jobs[p] != nil, p != id { continue }
            var fixed = job
            fixed.parent = 0
            state.jobs[id] = fixed
            root.children.append(id)
        }
        state.jobs[0] = root
        // Post-order walk from the root: children before parents.
        var order: [JobID] = []
        order.reserveCapacity(state.jobs.count)
        var visited = Set<JobID>()
        var stack: [(JobID, Int)] = [(0, 0)]
        visited.insert(0)
        while let (id, next) = stack.last {
            var job = state.jobs[id]!
            if next == 0 {
                // Keep only children that exist, point back here and are seen once (no cycles).
                let kept = job.children.filter { c in
                    guard let child = state.jobs[c], child.parent == id, !visited.contains(c) else { return false }
                    visited.insert(c)
                    return true
                }
                if kept.count != job.children.count {
                    job.children = kept
                    state.jobs[id] = job
                }
            }
            if next < job.children.count {
                stack[stack.count - 1].1 = next + 1
                stack.append((job.children[next], 0))
            } else {
                stack.removeLast()
                order.append(id)
            }
        }
        // Jobs never reached (a cycle cut off from the root) are dropped.
        if order.count != state.jobs.count {
            let reached = Set(order)
            for id in state.jobs.keys where !reached.contains(id) { state.jobs[id] = nil }
        }
        // Sibling order.
        for id in order.reversed() {
            guard let job = state.jobs[id] else { continue }
            for c in job.children {
                state.jobs[c]!.seq = index.nextSeq
                index.nextSeq += 1
            }
        }
        // Tallies, derived states, dependencies, candidate sets.
        var pending: [JobID: [CandidateKey]] = [:]
        for id in order {
            var job = state.jobs[id]!
            if job.isLeaf {
                job.tally = Tally()
                job.directFinished = 0
                job.directErrors = 0
                job.directWorking = 0
            } else {
                var tally = Tally()
                var direct = Tally()
                for c in job.children {
                    let child = state.jobs[c]!
                    tally = tally + child.contribution
                    direct = direct + child.directContribution
                }
                job.tally = tally
                job.directFinished = direct.finished
                job.directErrors = direct.errors
                job.directWorking = direct.working
                if job.state != .paused { job.state = tally.derivedState }
            }
            if job.state == .working && job.isLeaf {
                job.pingTime = now
                live.jobs[id] = .init(worker: job.worker, ping: now, start: job.startTime, timeOut: job.timeOut)
            }
            state.jobs[id] = job
            if !job.dependencies.isEmpty { index.addDependent(id, on: job.dependencies) }
        }
        for id in order {
            if let keys = pending.removeValue(forKey: id), !keys.isEmpty {
                index.candidates[id] = SortedChunkSet(sorted: keys.sorted())
            }
            guard let job = state.jobs[id], let parent = job.parent, isAvailable(job) else { continue }
            let key = candidateKey(job)
            index.filedKey[id] = key
            pending[parent, default: []].append(key)
        }
        if let keys = pending.removeValue(forKey: 0), !keys.isEmpty {
            index.candidates[0] = SortedChunkSet(sorted: keys.sorted())
        }
        for (name, worker) in state.workers where worker.state != .timeout {
            var w = worker
            w.pingTime = now
            state.workers[name] = w
            live.workers[name] = now
        }
        live.earliest = now
    }
}
