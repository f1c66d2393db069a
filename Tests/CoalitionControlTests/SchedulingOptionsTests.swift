import Testing
@testable import CoalitionControl

/// The scheduling-rule options of `add` and the blocklist wording (docs/control.md).
@Suite struct SchedulingOptionsTests {
    func invocation(_ arguments: [String]) throws -> ControlInvocation {
        try ControlInvocation.make(from: try CommandLineParser.parse(["http://h:1"] + arguments), environment: [:])
    }

    @Test func rulesAreSentOnlyWhenGiven() throws {
        let plain = try AddJobRequest.parameters(for: try invocation(["add", "-c", "true"]))
        #expect(!plain.contains { ["maxworkererrors", "forgivetime", "limits", "stalltimeout"].contains($0.0) })
        let ruled = try AddJobRequest.parameters(for: try invocation([
            "add", "-c", "true", "--maxworkererrors", "2", "--forgivetime", "0", "--limits", "nuke, arnold",
            "--stalltimeout", "120",
        ]))
        #expect(ruled.suffix(4).map { "\($0.0)=\($0.1)" }
                == ["maxworkererrors=2", "forgivetime=0", "stalltimeout=120", "limits=nuke, arnold"])
    }

    @Test func negativeOrNonNumericRulesAreUsageErrors() throws {
        for bad in [["--maxworkererrors", "-1"], ["--forgivetime", "1h"], ["--stalltimeout", "2.5"]] {
            let parsed = try invocation(["add", "-c", "true"] + bad)
            #expect(throws: ControlError.self, "\(bad)") { try AddJobRequest.parameters(for: parsed) }
        }
    }

    @Test func theRuleOptionsBelongToAdd() {
        #expect(throws: ControlError.self) { try invocation(["list", "--limits", "nuke"]) }
        #expect(throws: ControlError.self) { try invocation(["limits", "--maxworkererrors", "2"]) }
    }

    @Test func blocklistUntilReads() {
        #expect(SchedulingActions.blocked(until: -1) == "for good")
        #expect(SchedulingActions.blocked(until: 0) == "no")
        #expect(SchedulingActions.blocked(until: 1_767_000_000).hasPrefix("until "))
    }
}
