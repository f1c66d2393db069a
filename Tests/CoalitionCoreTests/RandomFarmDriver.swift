@testable import CoalitionCore

/// Random but reproducible streams of farm operations (by seed), covering every kind of
/// change: adds, picks, heartbeats with progress, ends, pauses, starts, resets, moves,
/// removals, property updates, worker administration, clock jumps past timeouts and the
/// history trims they bring; resource requests, hosts reporting free resources, NIMBY
/// reports and requeues.
struct RandomFarmDriver {
    static let affinities = ["", "linux", "gpu", "linux,gpu", "win"]
    var rng: SplitMix64
    var now = 1_000_000.0
    var workerNo = 0

    init(seed: UInt64) {
        rng = SplitMix64(state: seed)
    }

    func makeFarm() -> Farm {
        var settings = FarmSettings()
        settings.timeout = 50
        settings.decreasePriorityAfter = 3
        settings.sickAfter = 3
        settings.sickTime = 40
        settings.limits = ["lic": 1, "gpu": 2]
        // A short, small history, so the stream trims it by age and by count.
        settings.activityDays = 0.005
        settings.activityMax = 25
        return Farm(settings: settings, now: now)
    }

    /// The changes of one step (usually one), after advancing the clock.
    mutating func nextChanges(_ farm: Farm) -> [FarmChange] {
        now += Double.random(in: 0...5, using: &rng)
        let ids = farm.state.jobs.keys.sorted()  // sorted: hash order changes from run to run
        let anyJob = ids.randomElement(using: &rng)!
        // Scheduling rules: limit changes and blocklist clears now and then.
        switch Int.random(in: 0..<100, using: &rng) {
        case 0..<2: return [.setLimit(name: ["lic", "gpu", "new"].randomElement(using: &rng)!, max: Int.random(in: 0...3, using: &rng))]
        case 2..<4: return [.clearBlocklist([anyJob])]
        case 4..<6: return [.updateJobs([anyJob], [JobProperty("limits", ["", "lic", "gpu", "lic,gpu"].randomElement(using: &rng)!)])]
        default: break
        }
        switch Int.random(in: 0..<100, using: &rng) {
        case 0..<3:
            // A render submission: a group without a command and a few chunks.
            var group = NewJob()
            group.title = "render"
            group.paused = Int.random(in: 0..<6, using: &rng) == 0
            let children = (0..<Int.random(in: 0...4, using: &rng)).map { n -> NewJob in
                var chunk = NewJob()
                chunk.title = "chunk \(n)"
                chunk.command = "cmd \(n)"
                chunk.priority = group.priority
                chunk.localProgressPattern = "P%percent"
                return chunk
            }
            return [.addJobTree(group, children: children, parent: .reference(String(anyJob)), requester: "", id: nil)]
        case 3..<30:
            var spec = NewJob()
            spec.command = Int.random(in: 0..<6, using: &rng) == 0 ? "" : "cmd"
            spec.priority = [1, 5, 5, 10].randomElement(using: &rng)!
            spec.retry = Int.random(in: 0...3, using: &rng)
            spec.affinity = ["", "", "", "linux", "gpu", "win"].randomElement(using: &rng)!
            if Int.random(in: 0..<5, using: &rng) == 0 {
                spec.dependencies = [ids.randomElement(using: &rng)!, Int.random(in: 0..<400, using: &rng)]
            }
            spec.timeOut = Int.random(in: 0..<4, using: &rng) == 0 ? 10 : 0
            spec.paused = Int.random(in: 0..<15, using: &rng) == 0
            spec.localProgressPattern = Bool.random(using: &rng) ? "P%percent" : nil
            if Int.random(in: 0..<3, using: &rng) == 0 {
                spec.rules.maxWorkerErrors = Int.random(in: 1...2, using: &rng)
                spec.rules.forgiveTime = [0, 30, 200].randomElement(using: &rng)!
                spec.rules.limits = [[], ["lic"], ["gpu"], ["lic", "gpu"]].randomElement(using: &rng)!
                spec.rules.stallTimeout = [0, 0, 20].randomElement(using: &rng)!
            }
            if Int.random(in: 0..<3, using: &rng) == 0 {
                spec.request = ResourceRequest(cores: [nil, 1, 4, 8].randomElement(using: &rng)!,
                                               memory: [nil, 1000, 64000].randomElement(using: &rng)!,
                                               gpus: [nil, 0, 1].randomElement(using: &rng)!)
            }
            return [.addJob(spec, parent: .reference(String(anyJob)), requester: "", id: nil)]
        case 30..<50:
            workerNo = (workerNo + 1) % 6
            let name = "w\(workerNo)"
            var out: [FarmChange] = []
            if farm.state.workers[name] == nil || Int.random(in: 0..<10, using: &rng) == 0 {
                out.append(.pickJob(WorkerReport(name: name), choice: nil))
                out.append(.updateWorkers([name], [JobProperty("Affinity", Self.affinities.randomElement(using: &rng)!)]))
            }
            out.append(.pickJob(report(name), choice: nil))
            return out
        case 50..<56:
            let running = farm.state.jobs.values.filter { $0.state == .working && $0.isLeaf }.sorted { $0.id < $1.id }
            if let job = running.randomElement(using: &rng) {
                let log = Array("P\(Int.random(in: 0...100, using: &rng))\n".utf8)
                // Workers of even jobs number their output (logOffset): by the chunk's length,
                // the next chunk or the last one again.
                let offset: Int? = job.id % 2 == 0 ? job.outputAcknowledged + (log.count % 2 == 0 ? 0 : log.count) : nil
                return [.heartbeat(WorkerReport(name: job.worker), job: job.id, log: log, progress: nil, logOffset: offset)]
            }
            // A NIMBY report from a worker without a job.
            let name = "w\(Int.random(in: 0..<6, using: &rng))"
            return [.heartbeat(WorkerReport(name: name, nimby: "user active"), job: nil, log: [], progress: nil)]
        case 56..<58:
            // Progress posted from inside a job: its current run, or a stale one.
            let running = farm.state.jobs.values.filter { $0.state == .working && $0.isLeaf }.sorted { $0.id < $1.id }
            if let job = running.randomElement(using: &rng), let run = farm.currentRun(of: job.id) {
                let stale = Int.random(in: 0..<4, using: &rng) == 0
                return [.reportProgress(job: job.id, activity: stale ? run - 1 : run,
                                        progress: Double(Int.random(in: 0...100, using: &rng)) / 100,
                                        status: Bool.random(using: &rng) ? "s\(Int.random(in: 0..<9, using: &rng))" : nil)]
            }
            return []
        case 58..<68:
            let running = farm.state.jobs.values.filter { $0.state == .working && $0.isLeaf }.sorted { $0.id < $1.id }
            if let job = running.randomElement(using: &rng), Int.random(in: 0..<4, using: &rng) == 0 {
                return [.requeueJob(WorkerReport(name: job.worker, nimby: "user active"), job: job.id, reason: "user active")]
            }
            if let job = running.randomElement(using: &rng) {
                return [.endJob(WorkerReport(name: job.worker), job: job.id,
                                exitCode: Int.random(in: 0..<3, using: &rng) == 0 ? 1 : 0)]
            }
            return []
        case 68..<71: return [.pauseJobs([anyJob])]
        case 71..<74: return [.startJobs([anyJob])]
        case 74..<76: return [.resetJobs([anyJob])]
        case 76..<78: return [.resetErrorJobs([anyJob])]
        case 78..<81: return [.moveJobs([anyJob], to: ids.randomElement(using: &rng)!)]
        case 81..<83: return [.removeJobs([anyJob])]
        case 83..<84: return [.removeChildren(of: anyJob)]
        case 84..<88:
            return [.updateJobs([anyJob], [JobProperty("Priority", String(Int.random(in: 0...12, using: &rng)))])]
        case 88..<90: return [.updateJobs([anyJob], [JobProperty("Dependencies", "\(ids.randomElement(using: &rng)!)")])]
        case 90..<92: return [.updateJobs([anyJob], [JobProperty("Retry", String(Int.random(in: 0...3, using: &rng))),
                                                     JobProperty("Title", "t\(anyJob)")])]
        case 92..<93:
            let property = ["Cores", "Memory", "Gpus"].randomElement(using: &rng)!
            return [.updateJobs([anyJob], [JobProperty(property, ["", "2", "16", "None", "x"].randomElement(using: &rng)!)])]
        case 93..<94: return [.updateJobs([anyJob], [JobProperty("Command", Bool.random(using: &rng) ? "" : "x")])]
        case 94..<95: return [.stopWorkers(["w\(Int.random(in: 0..<6, using: &rng))"])]
        case 95..<96: return [.startWorkers(["w\(Int.random(in: 0..<6, using: &rng))"])]
        case 96..<97: return [.removeWorkers(["w\(Int.random(in: 0..<6, using: &rng))"])]
        default:
            now += 60
            return [.timeoutPass]
        }
    }

    /// A pick request: from a v3 worker (nothing reported) or from a host of 4 or 16
    /// cores with some of them taken.
    mutating func report(_ name: String) -> WorkerReport {
        guard Bool.random(using: &rng) else { return WorkerReport(name: name) }
        let capacity = [Resources(cores: 4, memory: 16000, gpus: 0),
                        Resources(cores: 16, memory: 128000, gpus: 2)].randomElement(using: &rng)!
        let free = Resources(cores: Int.random(in: 0...capacity.cores, using: &rng),
                             memory: Int.random(in: 0...capacity.memory, using: &rng),
                             gpus: Int.random(in: 0...capacity.gpus, using: &rng))
        return WorkerReport(name: name, resources: HostResources(free: free, capacity: capacity))
    }
}
