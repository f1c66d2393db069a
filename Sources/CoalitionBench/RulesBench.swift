import CoalitionCore
import Foundation

/// Pick latency with the scheduling rules (docs/scheduling.md) on a tree of `count` jobs
/// (groups of 1000 leaves, all runnable). In every case half the runnable leaves cannot go
/// to the asking worker, and they come first in pick order:
/// - limit on groups: the first half of the groups name a limit that is full;
/// - limit on leaves: every leaf of the first half of the groups names the full limit
///   (the groups name none);
/// - blocked groups: the asking worker is blocked from every leaf of the first half of the
///   groups (maxworkererrors 1, never forgiven);
/// - blocked leaves: the asking worker is blocked from the first half of every group's leaves.
func benchRules(maxJobs: Int, picks: Int = 2000) {
    emit("\n## pick latency with limits and blocklists, \(picks) picks per case")
    emit("| case | jobs | p50 | p99 | max |")
    emit("|---|---|---|---|---|")
    for count in [100_000, 1_000_000] where count <= maxJobs {
        var farm = rulesFarm(count: count, limitOn: .groups)
        emit("| limit on groups: half the leaves under a full limit | \(count) | " + measure(&farm, picks: picks, worker: { "w\($0 % 500)" }))
        farm = rulesFarm(count: count, limitOn: .leaves)
        emit("| limit on leaves: half the leaves name a full limit | \(count) | " + measure(&farm, picks: picks, worker: { "w\($0 % 500)" }))
        farm = blocked(rulesFarm(count: count, limitOn: .none)) { group, _ in group < count / 2000 }
        emit("| blocked groups: asking worker blocked from half the leaves, whole groups first | \(count) | "
              + measure(&farm, picks: picks, worker: { _ in "bad" }, endEach: true))
        farm = blocked(rulesFarm(count: count, limitOn: .none)) { _, leaf in leaf < 500 }
        emit("| blocked leaves: asking worker blocked from the first half of every group | \(count) | "
              + measure(&farm, picks: picks, worker: { _ in "bad" }, endEach: true))
    }
}

private enum LimitPlacement { case none, groups, leaves }

/// Groups of 1000 leaves; the first half of the groups come first in pick order and, with
/// a placement, name the limit `lic` (maximum 0, so always full) on the groups or the leaves.
private func rulesFarm(count: Int, limitOn placement: LimitPlacement) -> Farm {
    var settings = FarmSettings()
    settings.limits = ["lic": 0]
    settings.timeout = 1e9
    var farm = Farm(settings: settings, now: 0)
    let groups = max(2, count / 1000)
    for g in 0..<groups {
        let first = g < groups / 2
        var group = NewJob()
        group.title = "shot \(g)"
        group.priority = first ? 2000 : 1000
        group.rules.maxWorkerErrors = 1
        group.rules.forgiveTime = 0
        if first && placement == .groups { group.rules.limits = ["lic"] }
        var spec = NewJob()
        spec.command = "render"
        if first && placement == .leaves { spec.rules.limits = ["lic"] }
        let parent = farm.submit(.addJob(group, parent: .id(0), requester: "", id: nil), now: 0).addedID
        for _ in 0..<1000 { _ = farm.submit(.addJob(spec, parent: .id(parent), requester: "", id: nil), now: 0) }
    }
    return farm
}

/// The farm restored with worker `bad` blocked for good from the leaves `which(group, leaf)`
/// selects (group and leaf numbers in pick order), as if it had failed each once.
private func blocked(_ farm: Farm, which: (Int, Int) -> Bool) -> Farm {
    var state = farm.state
    let groups = farm.state.jobs[0]!.children
    for (g, group) in groups.enumerated() {
        for (l, leaf) in farm.state.jobs[group]!.children.enumerated() where which(g, l) {
            state.blocklists[leaf] = [BlockEntry(worker: "bad", errors: 1, until: .infinity)]
        }
    }
    return Farm(restoring: state, settings: farm.settings, now: 1)
}

private func measure(_ farm: inout Farm, picks: Int, worker: (Int) -> String, endEach: Bool = false) -> String {
    var samples = Samples()
    for i in 0..<picks {
        let report = WorkerReport(name: worker(i))
        var got: Assignment?
        samples.time { got = farm.submit(.pickJob(report, choice: nil), now: 10 + Double(i) * 0.001).assignment }
        if endEach, let a = got { farm.submit(.endJob(report, job: a.id, exitCode: 0), now: 10 + Double(i) * 0.001) }
    }
    return "\(us(samples.median)) | \(us(samples.percentile(0.99))) | \(us(samples.percentile(1))) |"
}

/// Prints a line at once, also when the output is a file (the slow cases take minutes).
private func emit(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
