extension Farm {
    /// What the rebuild needs to know about one job, gathered in a single read of it:
    /// copying a `Job` out of the tree costs a dozen reference counts, so the passes
    /// below work on these compact facts and write each job back once.
    private struct Facts {
        var parent: JobID
        var children: [JobID]
        var state: JobState
        var leafTally: Tally
        var priority: Int
        var dependencies: [JobID]
        /// A leaf that could run if its dependencies were met (command, state, tries).
        var runnableLeaf: Bool
        var seq = 0
        var tally = Tally()
        var direct = Tally()
    }

    /// Recomputes everything derived: sibling order, leaf tallies, group states, the
    /// scheduler index and the liveness table. Repairs dangling references on the way:
    /// orphans go under the root, children that do not point back are dropped, and jobs
    /// cut off from the root (a cycle) are removed.
    mutating func rebuild(now: Double) {
        index = SchedulerIndex()
        live = Liveness()
        if state.jobs[0] == nil {
            var root = Job(id: 0, parent: nil, title: "Root", now: now)
            root.priority = 1
            state.jobs[0] = root
        }
        var facts: [JobID: Facts] = [:]
        facts.reserveCapacity(state.jobs.count)
        for (id, job) in state.jobs {
            facts[id] = Facts(parent: id == 0 ? -1 : (job.parent ?? -1), children: job.children, state: job.state,
                              leafTally: Tally(leafIn: job.state, duration: job.duration, startTime: job.startTime),
                              priority: job.priority, dependencies: job.dependencies,
                              runnableLeaf: !job.command.isEmpty &&
                                  (job.state == .waiting || (job.state == .error && job.tryCount < job.retry)))
        }
        // Orphans (parent missing) are re-attached to the root rather than lost.
        var repaired = Set<JobID>()
        for (id, f) in facts where id != 0 && (f.parent == id || facts[f.parent] == nil) {
            facts[id]!.parent = 0
            facts[0]!.children.append(id)
            repaired.insert(id)
            repaired.insert(0)
        }
        // Depth-first from the root: keep children that exist, point back and are seen once.
        var preorder: [JobID] = []
        preorder.reserveCapacity(facts.count)
        var seen = Set<JobID>([0])
        var work: [JobID] = [0]
        var nextSeq = 1
        while let id = work.popLast() {
            preorder.append(id)
            let children = facts[id]!.children
            let kept = children.filter { c in
                guard let child = facts[c], child.parent == id, !seen.contains(c) else { return false }
                seen.insert(c)
                return true
            }
            if kept.count != children.count {
                facts[id]!.children = kept
                repaired.insert(id)
            }
            for c in kept {
                facts[c]!.seq = nextSeq
                nextSeq += 1
            }
            work.append(contentsOf: kept.reversed())
        }
        index.nextSeq = nextSeq
        if preorder.count != facts.count {
            for id in Array(facts.keys) where !seen.contains(id) {
                facts[id] = nil
                state.jobs[id] = nil
            }
        }
        // Children before parents: tallies and derived states.
        for id in preorder.reversed() {
            let f = facts[id]!
            guard !f.children.isEmpty else { continue }
            var tally = Tally()
            var direct = Tally()
            for c in f.children {
                let child = facts[c]!
                if child.children.isEmpty {
                    tally = tally + child.leafTally
                    direct = direct + child.leafTally
                } else {
                    tally = tally + child.tally
                }
            }
            facts[id]!.tally = tally
            facts[id]!.direct = direct
            if f.state != .paused { facts[id]!.state = tally.derivedState }
        }
        // Availability, children before parents, now that every state is final.
        func dependenciesMet(_ f: Facts) -> Bool {
            f.dependencies.allSatisfy { facts[$0].map { $0.state == .finished } ?? true }
        }
        var pending: [JobID: [CandidateKey]] = [:]
        for id in preorder.reversed() {
            let f = facts[id]!
            var available = false
            if let keys = pending.removeValue(forKey: id), !keys.isEmpty {
                index.candidates[id] = SortedChunkSet(sorted: keys.sorted())
                available = true
            }
            if f.children.isEmpty { available = f.runnableLeaf }
            guard id != 0, available, f.state != .paused, f.state != .finished, dependenciesMet(f) else { continue }
            let key = CandidateKey(priority: f.priority, load: f.children.isEmpty ? 0 : f.tally.working + f.tally.finished,
                                   seq: f.seq, id: id)
            index.filedKey[id] = key
            pending[f.parent, default: []].append(key)
        }
        // Write each job back once.
        for id in preorder {
            let f = facts[id]!
            var job = state.jobs[id]!
            if repaired.contains(id) {
                job.children = f.children
                job.parent = id == 0 ? nil : f.parent
            }
            job.seq = f.seq
            job.tally = f.tally
            job.directFinished = f.direct.finished
            job.directErrors = f.direct.errors
            job.directWorking = f.direct.working
            job.state = f.state
            if !f.dependencies.isEmpty { index.addDependent(id, on: f.dependencies) }
            if f.children.isEmpty && f.state == .working {
                job.pingTime = now
                live.jobs[id] = .init(worker: job.worker, ping: now, start: job.startTime, timeOut: job.timeOut)
            }
            state.jobs[id] = job
        }
        for (name, worker) in state.workers where worker.state != .timeout {
            var w = worker
            w.pingTime = now
            state.workers[name] = w
            live.workers[name] = now
        }
        live.earliest = now
        rebuildFloors()
    }
}
