extension Farm {
    // MARK: add

    /// Resolves an addjob `parent` reference: a decimal id (must exist), else a `|`
    /// path of titles from the root, else a title anywhere (lowest id wins).
    public func resolveParent(_ reference: String) -> JobID? {
        let text = reference.trimmingSpaces()
        if text.isEmpty { return 0 }
        if let id = FarmText.integer(text) { return state.jobs.contains(id) ? id : nil }
        var current: JobID = 0
        var walked = true
        for segment in text.split(separator: "|", omittingEmptySubsequences: true) {
            guard let parent = state.jobs[current],
                  let next = parent.children.first(where: { state.jobs[$0]?.title == String(segment) }) else {
                walked = false
                break
            }
            current = next
        }
        if walked && current != 0 { return current }
        var best: JobID?
        for (id, job) in state.jobs where id != 0 && job.title == text {
            if best == nil || id < best! { best = id }
        }
        return best
    }

    /// Adds a job under `parent`; returns its id. `requester` is the login whose white
    /// list applies (empty without authentication).
    mutating func addJob(_ spec: NewJob, parent: JobID, requester: String = "", checkPolicy: Bool = true,
                         now: Double) throws(AddJobError) -> JobID {
        guard state.jobs.contains(parent) else { throw .parentNotFound }
        if checkPolicy && !settings.whitelist.allows(user: requester, command: spec.command) {
            throw .commandNotAllowed
        }
        if checkPolicy, let unknown = unknownLimit(in: spec.rules.limits) { throw .unknownLimit(unknown) }
        let id = state.nextJobID
        state.nextJobID += 1
        let env = (spec.environment?.isEmpty ?? true) ? nil : spec.environment
        var job = Job(id: id, parent: parent, title: spec.title, command: spec.command, dir: spec.dir,
                      environment: env, priority: spec.priority, retry: spec.retry, timeOut: spec.timeOut,
                      affinity: spec.affinity, user: spec.user, dependencies: spec.dependencies, url: spec.url,
                      localProgressPattern: spec.localProgressPattern == "None" ? nil : spec.localProgressPattern,
                      globalProgressPattern: spec.globalProgressPattern == "None" ? nil : spec.globalProgressPattern,
                      now: now)
        job.request = spec.request
        if spec.paused { job.state = .paused }
        job.rules = spec.rules
        attach(&job, to: parent, now: now)
        if !job.dependencies.isEmpty { index.addDependent(id, on: job.dependencies) }
        startFloors(for: spec.request)
        refreshAvailability(id)
        // Jobs that named this id before it existed counted it as satisfied; no longer.
        refreshDependents(of: id)
        effects.append(.truncateLog(id))
        touch()
        return id
    }

    /// Appends `job` (not yet in the tree, or already detached) to `parent`'s children,
    /// turning a leaf parent into a group, and adds its tally to the ancestors.
    mutating func attach(_ job: inout Job, to parentID: JobID, now: Double) {
        if let leafParent = leafToConvert(parentID) {
            // The parent stops counting as a leaf of its own ancestors.
            propagate(from: leafParent.parent, delta: Tally() - leafParent.contribution,
                      direct: Tally() - leafParent.directContribution, now: now)
            unfile(parentID)
            live.jobs[parentID] = nil
            releaseLimits(of: parentID)
        }
        // In place: a copy of the parent would copy its child list (O(n) per add).
        state.jobs[parentID]!.children.append(job.id)
        job.parent = parentID
        job.seq = index.nextSeq
        index.nextSeq += 1
        state.jobs[job.id] = job
        propagate(from: parentID, delta: job.contribution, direct: job.directContribution, now: now)
        refreshAvailability(job.id)
        refreshAvailability(parentID)
    }

    /// The parent about to receive its first child, if it is a leaf other than the root.
    /// (A separate function so no copy of the parent outlives the check: a live copy would
    /// make the in-place append below copy the whole child list.)
    private func leafToConvert(_ parentID: JobID) -> Job? {
        guard parentID != 0, let parent = state.jobs[parentID], parent.isLeaf else { return nil }
        return parent
    }

    /// Takes `id` out of its parent's children (it stays in the job map), removing its
    /// tally from the ancestors; a parent left without children becomes a leaf again.
    mutating func detach(_ id: JobID, now: Double) {
        guard let job = state.jobs[id], let parentID = job.parent, state.jobs.contains(parentID) else { return }
        unfile(id)
        if let i = state.jobs[parentID]!.children.lastIndex(of: id) { state.jobs[parentID]!.children.remove(at: i) }
        propagate(from: parentID, delta: Tally() - job.contribution, direct: Tally() - job.directContribution, now: now)
        becomeLeafIfEmpty(parentID, now: now)
        refreshAvailability(parentID)
    }

    mutating func becomeLeafIfEmpty(_ id: JobID, now: Double) {
        guard id != 0, var parent = state.jobs[id], parent.children.isEmpty else { return }
        parent.tally = Tally()
        parent.directFinished = 0
        parent.directErrors = 0
        parent.directWorking = 0
        state.jobs[id] = parent
        // An empty group counts as a leaf for its ancestors again.
        propagate(from: parent.parent, delta: parent.contribution, direct: parent.directContribution, now: now)
    }

    // MARK: pause / start

    /// PAUSED whatever the state (reference 3.10); not recursive.
    mutating func pause(_ ids: [JobID], now: Double) {
        for id in ids where id != 0 {
            guard let job = state.jobs[id], job.state != .paused else { continue }
            if job.isLeaf {
                setLeafState(id, .paused, now: now)
            } else {
                var paused = job
                paused.state = .paused
                state.jobs[id] = paused
                touch()
                groupStateChanged(from: job.state, to: paused)
                refreshAvailability(id)
            }
        }
    }

    /// PAUSED → WAITING (groups then show their derived state); others untouched.
    mutating func start(_ ids: [JobID], now: Double) {
        for id in ids where id != 0 {
            guard let job = state.jobs[id], job.state == .paused else { continue }
            if job.isLeaf {
                setLeafState(id, .waiting, now: now) { $0.duration = 0 }
            } else {
                var started = job
                started.state = job.tally.derivedState
                state.jobs[id] = started
                touch()
                groupStateChanged(from: job.state, to: started)
                refreshAvailability(id)
            }
        }
    }

    // MARK: reset

    /// Resets the whole subtree of each id: WAITING, Try 0, no worker, progress 0, log deleted.
    mutating func reset(_ ids: [JobID], now: Double) {
        for id in ids {
            guard state.jobs.contains(id) else { continue }
            for node in subtree(of: id) { resetOne(node, deleteLog: true, now: now) }
        }
    }

    /// Resets each id whatever its state (log kept), then recursively its ERROR children.
    mutating func resetErrors(_ ids: [JobID], now: Double) {
        for id in ids {
            guard state.jobs.contains(id) else { continue }
            var work = [id]
            while let node = work.popLast() {
                resetOne(node, deleteLog: false, now: now)
                guard let job = state.jobs[node] else { continue }
                for c in job.children.reversed() where state.jobs[c]?.state == .error { work.append(c) }
            }
        }
    }

    mutating func resetOne(_ id: JobID, deleteLog: Bool, now: Double) {
        guard let job = state.jobs[id] else { return }
        clearBlocklist(id)
        let clear: (inout Job) -> Void = { j in
            j.tryCount = 0
            j.worker = ""
            if let p = j.localProgress, p != 0 { j.localProgress = 0 }
            if let p = j.globalProgress, p != 0 { j.globalProgress = 0 }
        }
        if job.isLeaf {
            if id != 0 { setLeafState(id, .waiting, now: now, edit: clear) }
        } else {
            var group = job
            clear(&group)
            group.state = group.tally.derivedState
            state.jobs[id] = group
            touch()
            if group.state != job.state { groupStateChanged(from: job.state, to: group) }
            refreshAvailability(id)
        }
        if deleteLog && id != 0 { effects.append(.deleteLog(id)) }
    }

    /// `id` and all its descendants, parents before children.
    public func subtree(of id: JobID) -> [JobID] {
        var out: [JobID] = []
        var work = [id]
        while let node = work.popLast() {
            guard let job = state.jobs[node] else { continue }
            out.append(node)
            work.append(contentsOf: job.children.reversed())
        }
        return out
    }

    // MARK: move

    /// Moves each id to the end of `dest`'s children, in order. Skipped: the root, unknown
    /// ids, and moves that would put a job inside its own subtree.
    mutating func move(_ ids: [JobID], to dest: JobID, now: Double) {
        guard state.jobs.contains(dest) else { return }
        for id in ids where id != 0 && id != dest {
            guard state.jobs.contains(id) else { continue }
            // dest must not lie in id's subtree.
            var cursor: JobID? = dest
            var cycle = false
            while let c = cursor {
                if c == id { cycle = true; break }
                cursor = state.jobs[c]?.parent
            }
            if cycle { continue }
            detach(id, now: now)
            var job = state.jobs[id]!
            attach(&job, to: dest, now: now)
            touch()
        }
    }

    // MARK: remove

    /// Removes each id with its subtree (the root cannot be removed). Logs and activities stay.
    mutating func remove(_ ids: [JobID], now: Double) {
        for id in ids where id != 0 {
            guard state.jobs.contains(id) else { continue }
            detach(id, now: now)
            for node in subtree(of: id) {
                guard let job = state.jobs[node] else { continue }
                if job.isLeaf && job.state == .working {
                    closeActivity(of: job, as: .waiting, now: now)
                    live.jobs[node] = nil
                    releaseLimits(of: node)
                }
                if index.filedKey[node] != nil { index.filedKey[node] = nil }
                index.candidates[node] = nil
                index.floors.forget(node)
                forgetRuleCounts(node)
                if !job.dependencies.isEmpty { index.removeDependent(node, from: job.dependencies) }
                state.jobs[node] = nil
                state.blocklists[node] = nil
                refreshDependents(of: node)
            }
            touch()
        }
    }

    // MARK: update

    /// Sets each property in order on each id (reference 5.9). Unknown props and
    /// unparsable numbers are skipped. With `checkPolicy`, a command the job's user may not
    /// run and a user change under LDAP are refused; the answer lists, per job, the
    /// indexes of the properties refused that way.
    mutating func update(_ ids: [JobID], _ properties: [JobProperty], checkPolicy: Bool = true,
                         now: Double) -> [JobID: Set<Int>] {
        var refused: [JobID: Set<Int>] = [:]
        for (index, property) in properties.enumerated() {
            for id in ids where id != 0 {
                if !update(id, prop: property.name, value: property.value, checkPolicy: checkPolicy, now: now) {
                    refused[id, default: []].insert(index)
                }
            }
        }
        return refused
    }

    /// One property of one job; false when policy refused it.
    private mutating func update(_ id: JobID, prop: String, value: String, checkPolicy: Bool, now: Double) -> Bool {
        guard let before = state.jobs[id] else { return true }
        var job = before
        switch prop {
        case "Title": job.title = value
        case "Dir": job.dir = value
        case "URL": job.url = value
        case "Command":
            guard !checkPolicy || settings.whitelist.allows(user: job.user, command: value) else { return false }
            job.command = value
        case "Priority":
            guard let v = FarmText.integer(value) else { return true }
            job.priority = v
        case "Retry":
            guard let v = FarmText.integer(value) else { return true }
            job.retry = v
        case "TimeOut":
            guard let v = FarmText.integer(value) else { return true }
            job.timeOut = v
        case "Affinity": job.affinity = value
        case "Dependencies":
            index.removeDependent(id, from: job.dependencies)
            job.dependencies = FarmText.digitRuns(value)
            index.addDependent(id, on: job.dependencies)
        case "User":
            guard !checkPolicy || !settings.ldapMode else { return false }
            job.user = value
        case "Environment":
            job.environment = value.isEmpty ? nil : value
        case "LocalProgressPattern":
            job.localProgressPattern = value == "None" ? nil : value
        case "Cores", "Memory", "Gpus":
            guard Self.updateRequest(&job.request, property: prop, value: value) else { return true }
            startFloors(for: job.request)
        case "GlobalProgressPattern":
            job.globalProgressPattern = value == "None" ? nil : value
        case "MaxWorkerErrors", "maxworkererrors":
            guard let v = FarmText.integer(value), v >= 0 else { return true }
            job.rules.maxWorkerErrors = v
        case "ForgiveTime", "forgivetime":
            guard let v = FarmText.integer(value), v >= 0 else { return true }
            job.rules.forgiveTime = v
        case "StallTimeout", "stalltimeout":
            guard let v = FarmText.integer(value), v >= 0 else { return true }
            job.rules.stallTimeout = v
        case "Limits", "limits":
            let names = SchedulingRules.limitNames(value)
            guard !checkPolicy || unknownLimit(in: names) == nil else { return false }
            // A leaf's own limits count in the rule index: change them through it.
            job.rules.limits = names
            changeLeafRuleInputs(id) { farm in farm.commit(before, job, now: now) }
            return true
        default:
            return true
        }
        commit(before, job, now: now)
        return true
    }
}
