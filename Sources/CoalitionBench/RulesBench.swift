import CoalitionCore
import Foundation

/// Pick latency with the scheduling rules (docs/scheduling.md) on a tree of `count` jobs
/// (groups of 1000 leaves, all runnable):
/// - `limit`: the first half of the groups in pick order name a limit that is full, so
///   half the runnable leaves are held back; the pick skips each such group in O(1).
/// - `blocked`: the asking worker failed `blockedLeaves` leaves (maxworkererrors 1) that
///   come first in pick order; the pick steps over each of them.
func benchRules(maxJobs: Int, blockedLeaves: Int = 1000) {
    print("\n## pick latency with limits and blocklists, 2000 picks per case")
    print("| case | jobs | p50 | p99 | max |")
    print("|---|---|---|---|---|")
    for count in [100_000, 1_000_000] where count <= maxJobs {
        var settings = FarmSettings()
        settings.limits = ["lic": 0]
        settings.timeout = 1e9
        var farm = Farm(settings: settings, now: 0)
        let groups = max(2, count / 1000)
        var spec = NewJob()
        spec.command = "render"
        for g in 0..<groups {
            var group = NewJob()
            group.title = "shot \(g)"
            group.priority = g < groups / 2 ? 2000 : 1000
            if g < groups / 2 { group.rules.limits = ["lic"] }
            group.rules.maxWorkerErrors = 1
            let parent = farm.submit(.addJob(group, parent: .id(0), requester: "", id: nil), now: 0).addedID
            for _ in 0..<1000 { _ = farm.submit(.addJob(spec, parent: .id(parent), requester: "", id: nil), now: 0) }
        }
        print("| limit: half the leaves under a full limit | \(count) | " + measure(&farm, worker: { "w\($0 % 500)" }))
        // The bad node fails leaves until it is blocked from that many; each is then put first
        // in pick order so every later pick of the bad node steps over all of them.
        for _ in 0..<blockedLeaves {
            guard let a = farm.submit(.pickJob(WorkerReport(name: "bad"), choice: nil), now: 1).assignment else { break }
            farm.submit(.endJob(WorkerReport(name: "bad"), job: a.id, exitCode: 1), now: 1)
            farm.submit(.updateJobs([a.id], [JobProperty("Priority", "5000")]), now: 1)
        }
        print("| blocked: asking worker blocked from \(blockedLeaves) leaves first in order | \(count) | "
              + measure(&farm, worker: { _ in "bad" }, endEach: true))
    }
}

private func measure(_ farm: inout Farm, worker: (Int) -> String, endEach: Bool = false) -> String {
    var samples = Samples()
    for i in 0..<2000 {
        let report = WorkerReport(name: worker(i))
        var got: Assignment?
        samples.time { got = farm.submit(.pickJob(report, choice: nil), now: 10 + Double(i) * 0.001).assignment }
        if endEach, let a = got { farm.submit(.endJob(report, job: a.id, exitCode: 0), now: 10 + Double(i) * 0.001) }
    }
    return "\(us(samples.median)) | \(us(samples.percentile(0.99))) | \(us(samples.percentile(1))) |"
}
