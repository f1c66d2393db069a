import CoalitionCore
import Testing
@testable import CoalitionWire

/// The scheduling-rule columns of `getjobs?extra=Rules` (docs/scheduling.md).
@Suite struct RulesWireTests {
    @Test func ruleColumnsFollowTheV3OnesWhenAsked() {
        var job = Job(id: 3, parent: 0, command: "c", now: 0)
        job.rules.maxWorkerErrors = 2
        job.rules.limits = ["nuke", "arnold"]
        job.rules.stallTimeout = 90
        let plain = String(decoding: V3Tables.jobs([job], parents: [], now: 0), as: UTF8.self)
        #expect(!plain.contains("Limits"))
        let ruled = String(decoding: V3Tables.jobs([job], parents: [], now: 0, extra: V3Tables.ExtraJobColumn.rules,
                                                    blocked: [1]), as: UTF8.self)
        #expect(ruled.contains("\"GlobalProgress\",\"MaxWorkerErrors\",\"ForgiveTime\",\"Limits\",\"StallTimeout\",\"Blocked\"]"))
        #expect(ruled.contains(",null,null,2,-1,\"nuke,arnold\",90,1]"))
    }
}
