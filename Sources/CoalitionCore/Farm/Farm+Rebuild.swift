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
    /// cut off from the root (a cycle) are removed. Works on dense arrays indexed by job id:
    /// a million jobs rebuild without a single hash look-up in the passes.
    mutating func rebuild(now: Double) {
        index = SchedulerIndex()
        live = Liveness()
        if !state.jobs.contains(0) {
            var root = Job(id: 0, parent: nil, title: "Root", now: now)
            root.priority = 1
            state.jobs[0] = root
        }
        let capacity = max(state.nextJobID, state.jobs.idBound)
        // Ids come in sequence, so the fact arrays are barely larger than the farm. Each
        // job's facts are read where it is stored, without copying the job out.
        var facts = [Facts?](repeating: nil, count: capacity)
        var anyRequest = false
        state.jobs.forEachRow { job in
            if !job.request.isEmpty { anyRequest = true }
            facts[job.id] = Facts(parent: job.id == 0 ? -1 : (job.parent ?? -1), children: job.children, state: job.state,
                                  leafTally: Tally(leafIn: job.state, duration: job.duration, startTime: job.startTime),
                                  priority: job.priority, dependencies: job.dependencies,
                                  runnableLeaf: !job.command.isEmpty &&
                                      (job.state == .waiting || (job.state == .error && job.tryCount < job.retry)))
        }
        func exists(_ id: JobID) -> Bool { id >= 0 && id < capacity && facts[id] != nil }
        // Orphans (parent missing) are re-attached to the root rather than lost.
        var repaired = [Bool](repeating: false, count: capacity)
        for id in 1..<max(1, capacity) where facts[id] != nil {
            let parent = facts[id]!.parent
            if parent == id || !exists(parent) {
                facts[id]!.parent = 0
                facts[0]!.children.append(id)
                repaired[id] = true
                repaired[0] = true
            }
        }
        // Depth-first from the root: keep children that exist, point back and are seen once.
        var preorder: [JobID] = []
        preorder.reserveCapacity(state.jobs.count)
        var seen = [Bool](repeating: false, count: capacity)
        seen[0] = true
        var work: [JobID] = [0]
        var nextSeq = 1
        while let id = work.popLast() {
            preorder.append(id)
            let children = facts[id]!.children
            var kept: [JobID] = []
            kept.reserveCapacity(children.count)
            for c in children where exists(c) && facts[c]!.parent == id && !seen[c] {
                seen[c] = true
                kept.append(c)
            }
            if kept.count != children.count {
                facts[id]!.children = kept
                repaired[id] = true
            }
            for c in kept {
                facts[c]!.seq = nextSeq
                nextSeq += 1
            }
            work.append(contentsOf: kept.reversed())
        }
        index.nextSeq = nextSeq
        if preorder.count != state.jobs.count {
            for id in state.jobs.keys where !seen[id] {
                facts[id] = nil
                state.jobs[id] = nil
            }
        }
        // Children before parents: tallies and derived states.
        for id in preorder.reversed() {
            let children = facts[id]!.children
            guard !children.isEmpty else { continue }
            var tally = Tally()
            var direct = Tally()
            for c in children {
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
            if facts[id]!.state != .paused { facts[id]!.state = tally.derivedState }
        }
        // Availability, children before parents, now that every state is final.
        func dependenciesMet(_ f: Facts) -> Bool {
            f.dependencies.allSatisfy { !exists($0) || facts[$0]!.state == .finished }
        }
        var pending = [[CandidateKey]](repeating: [], count: capacity)
        for id in preorder.reversed() {
            let f = facts[id]!
            var available = false
            if !pending[id].isEmpty {
                index.candidates[id] = SortedChunkSet(sorted: pending[id].sorted())
                pending[id] = []
                available = true
            }
            if f.children.isEmpty { available = f.runnableLeaf }
            guard id != 0, available, f.state != .paused, f.state != .finished, dependenciesMet(f) else { continue }
            let key = CandidateKey(priority: f.priority, load: f.children.isEmpty ? 0 : f.tally.working + f.tally.finished,
                                   seq: f.seq, id: id)
            index.filedKey[id] = key
            pending[f.parent].append(key)
        }
        // Write each job's derived values where it is stored.
        for id in preorder {
            let f = facts[id]!
            if !f.dependencies.isEmpty { index.addDependent(id, on: f.dependencies) }
            let running = state.jobs.update(id) { job -> Liveness.RunningJob? in
                job.setDerived(seq: f.seq, tally: f.tally, direct: f.direct, state: f.state)
                if repaired[id] {
                    job.children = f.children
                    job.parent = id == 0 ? nil : f.parent
                }
                guard f.children.isEmpty && f.state == .working else { return nil }
                job.pingTime = now
                return .init(worker: job.worker, ping: now, start: job.startTime, timeOut: job.timeOut,
                             lastChange: now, stallTimeout: 0)
            }
            if let running, let running { live.jobs[id] = running }
        }
        for (name, worker) in state.workers where worker.state != .timeout {
            var w = worker
            w.pingTime = now
            state.workers[name] = w
            live.workers[name] = now
        }
        for id in Array(live.jobs.keys) {
            let stall = inheritedStallTimeout(of: id)
            live.jobs[id]?.stallTimeout = stall
        }
        rebuildLimitUse()
        live.earliest = now
        rebuildSubtreeCounts(now: now, filedBottomUp: preorder.reversed().filter { $0 != 0 && index.filedKey[$0] != nil },
                             keepFloors: anyRequest)
        // The one walk of the history, at load; after it the trim walks forward from here.
        live.oldestActivity = state.activities.firstID ?? state.nextActivityID
    }
}

extension Farm {
    /// Recomputes what each group keeps about its available children (resource floors and
    /// rule counts), visiting `filedBottomUp` (every filed job but the root, children before
    /// parents). Groups that are not available themselves (paused, waiting on a dependency)
    /// get their figures too, as the live index keeps them, ready for when they become
    /// available.
    mutating func rebuildSubtreeCounts(now: Double, filedBottomUp: [JobID], keepFloors: Bool) {
        index.floors = ResourceFloorIndex()
        index.floors.active = keepFloors
        startRuleCounts(now: now)
        // Siblings mostly come one after another: their counts are summed here and added
        // to the parent's entry once per run rather than once per child.
        var run: (parent: JobID, counts: RuleCounts)?
        for id in filedBottomUp {
            // A group's own counts read the sum of its children: flush theirs first.
            if let (p, c) = run, p == id {
                index.rules.sums[p, default: RuleCounts()].add(c)
                run = nil
            }
            guard let (parent, isLeaf, limits, request) = state.jobs.withRow(id, {
                ($0.parent, $0.isLeaf, $0.rules.limits, $0.request)
            }), let parent else { continue }
            if keepFloors { fileFloor(of: id, isLeaf: isLeaf, request: request, under: parent) }
            let counts = ruleCounts(of: id, isLeaf: isLeaf, limits: limits)
            if !isLeaf { index.rules.filed[id] = counts }
            if run?.parent == parent {
                run!.counts.add(counts)
            } else {
                if let (p, c) = run { index.rules.sums[p, default: RuleCounts()].add(c) }
                run = (parent, counts)
            }
        }
        if let (p, c) = run { index.rules.sums[p, default: RuleCounts()].add(c) }
    }
}

private extension Job {
    /// The values `rebuild` derives, set in one in-place access.
    mutating func setDerived(seq: Int, tally: Tally, direct: Tally, state: JobState) {
        self.seq = seq
        self.tally = tally
        directFinished = direct.finished
        directErrors = direct.errors
        directWorking = direct.working
        self.state = state
    }
}
