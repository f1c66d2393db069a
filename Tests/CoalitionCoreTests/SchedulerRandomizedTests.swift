import Testing
@testable import CoalitionCore

/// A small deterministic generator, so a failing sequence can be replayed by seed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct SchedulerRandomizedTests {
    static let affinities = ["", "linux", "gpu", "linux,gpu", "win"]

    /// Checks that the indexed pick equals the reference for every worker affinity and
    /// that every group's incremental aggregates equal a recomputation.
    func checkInvariants(_ farm: Farm, step: Int, seed: UInt64) {
        for a in Self.affinities {
            let indexed = farm.nextJob(forAffinity: a)
            let reference = ReferencePicker.pick(farm, affinity: a)
            #expect(indexed == reference, "seed \(seed) step \(step) affinity '\(a)'")
            if indexed != reference, let i = indexed {
                var c: JobID? = i
                var chain = ""
                while let id = c, let j = farm.state.jobs[id] {
                    chain += ("\(id) state=\(j.state) leaf=\(j.isLeaf) cmd='\(j.command)' aff='\(j.affinity)' deps=\(j.dependencies) try=\(j.tryCount)/\(j.retry) exec=\(ReferencePicker.canExecute(j, farm)) prio=\(j.priority)")
                    for d in j.dependencies { chain += (" dep \(d): \(String(describing: farm.state.jobs[d]?.state))") }
                    chain += "\n"
                    c = j.parent
                }
                Issue.record("the indexed pick and its ancestors:\n\(chain)")
            }
        }
        for (id, job) in farm.state.jobs where !job.isLeaf {
            let t = ReferencePicker.recomputedTally(id, farm)
            #expect(job.tally.total == t.total && job.tally.finished == t.finished &&
                    job.tally.errors == t.errors && job.tally.working == t.working,
                    "seed \(seed) step \(step) job \(id) tally \(job.tally) expected \(t)")
            if job.state != .paused && id != 0 {
                #expect(job.state == t.derivedState, "seed \(seed) step \(step) job \(id) state")
            }
        }
    }

    func run(seed: UInt64, steps: Int) {
        var rng = SplitMix64(state: seed)
        var now = 1_000_000.0
        var settings = FarmSettings()
        settings.timeout = 50
        settings.decreasePriorityAfter = 3
        var farm = Farm(settings: settings, now: now)
        var workerNo = 0
        for step in 0..<steps {
            now += Double.random(in: 0...5, using: &rng)
            let ids = farm.state.jobs.keys.sorted()  // sorted: hash order changes from run to run
            let anyJob = ids.randomElement(using: &rng)!
            switch Int.random(in: 0..<100, using: &rng) {
            case 0..<30:
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
                _ = try? farm.addJob(spec, parent: anyJob, now: now)
            case 30..<50:
                workerNo = (workerNo + 1) % 6
                let name = "w\(workerNo)"
                if farm.state.workers[name] == nil || Int.random(in: 0..<10, using: &rng) == 0 {
                    _ = farm.pickJob(WorkerReport(name: name), now: now)
                    farm.updateWorkers([name], prop: "Affinity", value: Self.affinities.randomElement(using: &rng)!)
                }
                _ = farm.pickJob(WorkerReport(name: name), now: now)
            case 50..<65:
                let running = farm.state.jobs.values.filter { $0.state == .working && $0.isLeaf }.sorted { $0.id < $1.id }
                if let job = running.randomElement(using: &rng) {
                    farm.endJob(WorkerReport(name: job.worker), jobID: job.id,
                                exitCode: Int.random(in: 0..<3, using: &rng) == 0 ? 1 : 0, now: now)
                }
            case 65..<70: farm.pause([anyJob], now: now)
            case 70..<75: farm.start([anyJob], now: now)
            case 75..<78: farm.reset([anyJob], now: now)
            case 78..<81: farm.resetErrors([anyJob], now: now)
            case 81..<85: farm.move([anyJob], to: ids.randomElement(using: &rng)!, now: now)
            case 85..<88: farm.remove([anyJob], now: now)
            case 88..<92:
                farm.update([anyJob], prop: "Priority", value: String(Int.random(in: 0...12, using: &rng)), now: now)
            case 92..<94:
                farm.update([anyJob], prop: "Dependencies", value: "\(ids.randomElement(using: &rng)!)", now: now)
            case 94..<96:
                farm.update([anyJob], prop: "Retry", value: String(Int.random(in: 0...3, using: &rng)), now: now)
            case 96..<98:
                farm.update([anyJob], prop: "Command", value: Bool.random(using: &rng) ? "" : "x", now: now)
            default:
                now += 60
                farm.updatePass(now: now)
            }
            farm.updatePass(now: now)
            checkInvariants(farm, step: step, seed: seed)
        }
    }

    @Test(arguments: Array(1...40) as [UInt64])
    func indexedPickMatchesReference(seed: UInt64) {
        run(seed: seed, steps: 400)
    }

    @Test func restoredFarmPicksLikeTheOriginal() {
        var rng = SplitMix64(state: 99)
        var farm = Farm(now: 0)
        for i in 0..<300 {
            var spec = NewJob()
            spec.command = "c"
            spec.priority = Int.random(in: 0..<4, using: &rng)
            let parent = farm.state.jobs.keys.sorted().randomElement(using: &rng)!
            _ = try? farm.addJob(spec, parent: i % 3 == 0 ? 0 : parent, now: 0)
        }
        for n in 0..<40 { _ = farm.pickJob(WorkerReport(name: "w\(n)"), now: 1) }
        let restored = Farm(restoring: farm.state, now: 2)
        for a in Self.affinities {
            #expect(restored.nextJob(forAffinity: a) == ReferencePicker.pick(restored, affinity: a))
            #expect(restored.nextJob(forAffinity: a) == farm.nextJob(forAffinity: a))
        }
    }
}
