import CoalitionCore

/// The pure part of the change stream: gathers published changes until the next flush,
/// numbers the events, and keeps the last `capacity` of them for clients that reconnect.
/// Memory is bounded whatever the burst: past `listLimit` ids an event says `all` instead.
struct ChangeLog: Sendable {
    /// Events kept for replay.
    let capacity: Int
    /// Most job ids (and, separately, worker names) one event lists.
    let listLimit: Int

    /// The sequence of the last event made (0 before the first).
    private(set) var lastSequence = 0
    private var recent: [ChangeEvent] = []
    private var jobs = Set<JobID>()
    private var workers = Set<String>()
    private var totals = false
    private var all = false
    private var pending = false

    init(capacity: Int = 512, listLimit: Int = 1000) {
        precondition(capacity > 0 && listLimit > 0)
        self.capacity = capacity
        self.listLimit = listLimit
    }

    /// Adds changes to the next event.
    mutating func record(jobs newJobs: some Collection<JobID>, workers newWorkers: some Collection<String>, totals changedTotals: Bool) {
        guard !newJobs.isEmpty || !newWorkers.isEmpty || changedTotals else { return }
        pending = true
        totals = totals || changedTotals
        guard !all else { return }
        jobs.formUnion(newJobs)
        workers.formUnion(newWorkers)
        if jobs.count > listLimit || workers.count > listLimit {
            all = true
            jobs = []
            workers = []
        }
    }

    /// Whether changes wait for the next event.
    var hasPending: Bool { pending }

    /// The event for everything recorded since the last one, nil when nothing was.
    mutating func flush() -> ChangeEvent? {
        guard pending else { return nil }
        lastSequence += 1
        let event = ChangeEvent(sequence: lastSequence, jobs: jobs.sorted(), workers: workers.sorted(),
                                totals: totals, all: all)
        jobs = []
        workers = []
        totals = false
        all = false
        pending = false
        if recent.count == capacity { recent.removeFirst(recent.count / 4) }
        recent.append(event)
        return event
    }

    /// The events after `sequence`, or nil when they are no longer all kept (or the
    /// sequence was never given out), which means: reload.
    func events(after sequence: Int) -> [ChangeEvent]? {
        if sequence == lastSequence { return [] }
        guard sequence >= 0, sequence < lastSequence, let first = recent.first, sequence >= first.sequence - 1 else {
            return nil
        }
        return Array(recent[(sequence - first.sequence + 1)...])
    }

    /// The marker that tells a client it must reload, at the current position.
    var reloadEvent: ChangeEvent { ChangeEvent(sequence: lastSequence, totals: true, all: true, reload: true) }
}
