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
    func checkInvariants(_ farm: Farm, step: Int, seed: UInt64, now: Double = 0) {
        for a in Self.affinities {
            for w in ["w0", "w1", "w2"] {
                #expect(farm.nextJob(forAffinity: a, worker: w, now: now) == ReferencePicker.pick(farm, affinity: a, worker: w, now: now),
                        "seed \(seed) step \(step) affinity '\(a)' worker \(w)")
            }
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
        for free in [Resources(cores: 1, memory: 1000, gpus: 0), Resources(cores: 4, memory: 16000, gpus: 0),
                     Resources(cores: 16, memory: 128000, gpus: 2)] {
            for a in Self.affinities {
                #expect(farm.nextJob(forAffinity: a, fitting: free) == ReferencePicker.pick(farm, affinity: a, free: free),
                        "seed \(seed) step \(step) affinity '\(a)' free \(free)")
                // Both rules at once: the worker's blocklist and the limits, and the fit.
                for w in ["w0", "w1"] {
                    #expect(farm.nextJob(forAffinity: a, worker: w, now: now, fitting: free)
                            == ReferencePicker.pick(farm, affinity: a, worker: w, now: now, free: free),
                            "seed \(seed) step \(step) affinity '\(a)' worker \(w) free \(free)")
                }
            }
        }
        // Limit use: every held unit belongs to a running leaf, the counters agree with the
        // holders, and no limit is over its maximum unless it was lowered (then no unit was
        // taken since: checked by the picks above).
        for (id, names) in farm.state.heldLimits {
            #expect(farm.state.jobs[id]?.state == .working, "seed \(seed) step \(step) job \(id) holds \(names) but is not running")
        }
        for name in ["lic", "gpu", "new"] {
            #expect(farm.limitUsed(name) == ReferencePicker.used(name, farm), "seed \(seed) step \(step) limit \(name)")
        }
        // The rule counts that let a pick skip whole groups agree with a recomputation.
        for problem in RuleCountsReference.mismatches(farm, now: now) {
            Issue.record("seed \(seed) step \(step): \(problem)")
        }
        // Blocklists: only for jobs that exist, one entry per worker.
        for (id, list) in farm.state.blocklists {
            #expect(farm.state.jobs[id] != nil, "seed \(seed) step \(step) blocklist of removed job \(id)")
            #expect(Set(list.map(\.worker)).count == list.count)
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
        var driver = RandomFarmDriver(seed: seed)
        var farm = driver.makeFarm()
        for step in 0..<steps {
            for change in driver.nextChanges(farm) { _ = farm.submit(change, now: driver.now) }
            _ = farm.submit(.timeoutPass, now: driver.now)
            checkInvariants(farm, step: step, seed: seed, now: driver.now)
            if step % 50 == 49 {
                // A restored farm rebuilds the same rule counts.
                let restored = Farm(restoring: farm.state, settings: farm.settings, now: driver.now)
                for problem in RuleCountsReference.mismatches(restored, now: driver.now) {
                    Issue.record("seed \(seed) step \(step) restored: \(problem)")
                }
            }
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
            _ = farm.submit(.addJob(spec, parent: .id(i % 3 == 0 ? 0 : parent), requester: "", id: nil), now: 0)
        }
        for n in 0..<40 { _ = farm.submit(.pickJob(WorkerReport(name: "w\(n)"), choice: nil), now: 1) }
        let restored = Farm(restoring: farm.state, now: 2)
        for a in Self.affinities {
            #expect(restored.nextJob(forAffinity: a) == ReferencePicker.pick(restored, affinity: a))
            #expect(restored.nextJob(forAffinity: a) == farm.nextJob(forAffinity: a))
        }
    }
}
