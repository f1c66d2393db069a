import Testing
@testable import CoalitionCore

/// `addJobTree`: a group and its children in one change, all or nothing.
@Suite struct JobTreeTests {
    static func chunks(_ commands: [String]) -> [NewJob] {
        commands.enumerated().map { n, command in
            var spec = NewJob()
            spec.title = "chunk \(n)"
            spec.command = command
            return spec
        }
    }

    static func group() -> NewJob {
        var spec = NewJob()
        spec.title = "shot.blend"
        return spec
    }

    @Test func addsTheGroupThenItsChildrenInOrder() {
        var farm = Farm(now: 0)
        let dept = farm.add("dept", command: "")
        let applied = farm.apply(FarmOperation(time: 5, change: .addJobTree(
            Self.group(), children: Self.chunks(["r 1", "r 2", "r 3"]), parent: .reference("dept"), requester: "", id: nil)))
        let id = applied.result.addedID
        #expect(id == dept + 1)
        #expect(farm.job(id)?.children == [id + 1, id + 2, id + 3])
        #expect(farm.job(id + 2)?.command == "r 2")
        #expect(farm.job(id)?.parent == dept)
        // The record names the resolved parent and the group's id.
        #expect(applied.records == [FarmOperation(time: 5, change: .addJobTree(
            Self.group(), children: Self.chunks(["r 1", "r 2", "r 3"]), parent: .id(dept), requester: "", id: id))])
    }

    @Test func aMissingParentAddsNothing() {
        var farm = Farm(now: 0)
        let applied = farm.apply(FarmOperation(time: 1, change: .addJobTree(
            Self.group(), children: Self.chunks(["r"]), parent: .reference("nope"), requester: "", id: nil)))
        #expect(applied.result == .added(.failure(.parentNotFound)))
        #expect(applied.records.isEmpty)
        #expect(farm.state.jobs.count == 1 && farm.state.nextJobID == 1)
    }

    @Test func theWhiteListChecksEveryChildButNotTheEmptyGroupCommand() {
        var settings = FarmSettings()
        settings.whitelist = CommandWhitelist(parsing: "^render\\b\n")
        var farm = Farm(settings: settings, now: 0)
        // One refused child refuses the whole tree.
        let refused = farm.apply(FarmOperation(time: 1, change: .addJobTree(
            Self.group(), children: Self.chunks(["render 1", "rm -rf /", "render 3"]), parent: .id(0),
            requester: "", id: nil)))
        #expect(refused.result == .added(.failure(.commandNotAllowed)))
        #expect(refused.records.isEmpty)
        #expect(farm.state.jobs.count == 1 && farm.state.nextJobID == 1)
        // The group has no command and is not refused for it.
        let accepted = farm.apply(FarmOperation(time: 2, change: .addJobTree(
            Self.group(), children: Self.chunks(["render 1", "render 2"]), parent: .id(0), requester: "", id: nil)))
        #expect(accepted.result.addedID == 1)
        #expect(farm.state.jobs.count == 4)
        // A plain addjob with an empty command is still refused by a white list (as in v3).
        let plain = farm.apply(FarmOperation(time: 3, change: .addJob(NewJob(), parent: .id(0), requester: "", id: nil)))
        #expect(plain.result == .added(.failure(.commandNotAllowed)))
        // A group with a command of its own is checked like its children.
        var commanded = Self.group()
        commanded.command = "rm -rf /"
        let refusedGroup = farm.apply(FarmOperation(time: 4, change: .addJobTree(
            commanded, children: [], parent: .id(0), requester: "", id: nil)))
        #expect(refusedGroup.result == .added(.failure(.commandNotAllowed)))
    }

    @Test func replayFollowsTheRecordAndChecksTheId() throws {
        var settings = FarmSettings()
        settings.whitelist = CommandWhitelist(parsing: "^render\\b\n")
        var live = Farm(settings: settings, now: 0)
        let records = live.apply(FarmOperation(time: 1, change: .addJobTree(
            Self.group(), children: Self.chunks(["render 1", "render 2"]), parent: .id(0), requester: "", id: nil))).records
        var replayed = Farm(now: 0)
        for record in records { try replayed.replay(record) }
        #expect(replayed.state.jobs.count == live.state.jobs.count)
        #expect(replayed.job(3)?.command == "render 2")
        #expect(throws: ReplayMismatch.self) { try replayed.replay(records[0]) }
    }
}
