import Testing
@testable import CoalitionCore
import CoalitionStore

/// Random operation streams applied live, journaled with the real record framing, then
/// replayed from a snapshot taken part-way: the replayed farm must equal the live one in
/// every job, worker, activity and tally.
@Suite struct JournalReplayPropertyTests {
    /// The durable view of a farm: restored at one common time (which recomputes everything
    /// derived and gives running jobs the same fresh ping), with the fields the journal
    /// deliberately leaves out (ping times of ended runs) cleared.
    static func durableView(_ farm: Farm, now: Double) -> (jobs: [Job], workers: [Worker], activities: [Activity], next: [Int]) {
        let restored = Farm(restoring: farm.state, settings: farm.settings, now: now)
        let jobs = restored.state.jobs.values.sorted { $0.id < $1.id }.map { job -> Job in
            var j = job
            j.pingTime = 0
            return j
        }
        let workers = restored.state.workers.values.sorted { $0.name < $1.name }.map { worker -> Worker in
            var w = worker
            w.pingTime = 0
            return w
        }
        let activities = restored.state.activities.values.sorted { $0.id < $1.id }
        return (jobs, workers, activities, [restored.state.nextJobID, restored.state.nextActivityID])
    }

    @Test(arguments: Array(1...25) as [UInt64])
    func replayedJournalGivesTheSameFarm(seed: UInt64) throws {
        var driver = RandomFarmDriver(seed: seed)
        var farm = driver.makeFarm()
        var journal = JournalFormat.header()
        var sequence: UInt64 = 0
        var snapshot: [UInt8] = []
        var snapshotTime = 0.0
        let snapshotStep = Int(seed % 7) * 30
        for step in 0..<350 {
            if step == snapshotStep {
                snapshot = SnapshotCodec.encode(farm.state, journalSequence: sequence)
                snapshotTime = driver.now
            }
            for change in driver.nextChanges(farm) + [.timeoutPass] {
                var records: [FarmOperation] = []
                if farm.timeoutPassDue(at: driver.now) {
                    records += farm.apply(FarmOperation(time: driver.now, change: .timeoutPass)).records
                }
                records += farm.apply(FarmOperation(time: driver.now, change: change)).records
                for record in records {
                    sequence += 1
                    JournalFormat.appendRecord(record, sequence: sequence, to: &journal)
                }
            }
        }
        #expect(sequence > 100, "the stream journaled only \(sequence) records")

        let (state, snapshotSequence) = try SnapshotCodec.decodeWithSequence(snapshot)
        var replayed = Farm(restoring: state, settings: farm.settings, now: snapshotTime)
        let scan = try JournalFormat.scan(journal)
        #expect(!scan.tornTail)
        #expect(scan.records.count == Int(sequence))
        for record in scan.records where record.sequence > snapshotSequence {
            try replayed.replay(record.operation)
        }
        let live = Self.durableView(farm, now: driver.now + 1)
        let again = Self.durableView(replayed, now: driver.now + 1)
        #expect(live.next == again.next, "seed \(seed): id counters")
        #expect(live.workers == again.workers, "seed \(seed): workers")
        #expect(live.activities == again.activities, "seed \(seed): activities")
        #expect(live.jobs.count == again.jobs.count, "seed \(seed): job count")
        for (a, b) in zip(live.jobs, again.jobs) where a != b {
            Issue.record("seed \(seed): job \(a.id) differs:\n live   \(a)\n replay \(b)")
            break
        }
        #expect(farm.state.heldLimits.sorted { $0.key < $1.key }.map(\.value)
                == replayed.state.heldLimits.sorted { $0.key < $1.key }.map(\.value), "seed \(seed): held limits")
        #expect(farm.state.blocklists.sorted { $0.key < $1.key }.map(\.value)
                == replayed.state.blocklists.sorted { $0.key < $1.key }.map(\.value), "seed \(seed): blocklists")
        #expect(Dictionary(uniqueKeysWithValues: farm.state.limitMaxima.map { ($0.key, $0.value) })
                == Dictionary(uniqueKeysWithValues: replayed.state.limitMaxima.map { ($0.key, $0.value) }), "seed \(seed): limits")
        // The replayed farm schedules like the live one.
        for affinity in RandomFarmDriver.affinities {
            #expect(replayed.nextJob(forAffinity: affinity) == farm.nextJob(forAffinity: affinity))
            let small = Resources(cores: 4, memory: 16000, gpus: 0)
            #expect(replayed.nextJob(forAffinity: affinity, fitting: small) == farm.nextJob(forAffinity: affinity, fitting: small))
            for w in ["w0", "w1", "w2"] {
                #expect(replayed.nextJob(forAffinity: affinity, worker: w, now: driver.now)
                        == farm.nextJob(forAffinity: affinity, worker: w, now: driver.now))
                #expect(replayed.nextJob(forAffinity: affinity, worker: w, now: driver.now, fitting: small)
                        == farm.nextJob(forAffinity: affinity, worker: w, now: driver.now, fitting: small))
            }
        }
    }
}
