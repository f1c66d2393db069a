@testable import CoalitionWorker
import Testing

@Suite struct ProcessTreeTests {
    @Test func parsesStatWithAwkwardCommandNames() {
        #expect(ProcessTree.parseStat("42 (sh) S 1 42 42 0 -1 4194560 120")
                == ProcessEntry(pid: 42, parent: 1, group: 42, state: "S"))
        #expect(ProcessTree.parseStat("77 (my (odd) name) Z 42 77 42 0")
                == ProcessEntry(pid: 77, parent: 42, group: 77, state: "Z"))
        #expect(ProcessTree.parseStat("garbage") == nil)
        #expect(ProcessTree.parseStat("12 (x) R") == nil)
    }

    @Test func descendantsFollowParentsNotGroups() {
        let table = [
            ProcessEntry(pid: 1, parent: 0, group: 1),
            ProcessEntry(pid: 10, parent: 1, group: 10),   // the job shell
            ProcessEntry(pid: 11, parent: 10, group: 10),
            ProcessEntry(pid: 12, parent: 11, group: 12),  // left the group (setsid)
            ProcessEntry(pid: 13, parent: 12, group: 12),
            ProcessEntry(pid: 20, parent: 1, group: 20),   // unrelated
            ProcessEntry(pid: 30, parent: 1, group: 10),   // orphan still in the job's group
            ProcessEntry(pid: 31, parent: 30, group: 31),
        ]
        #expect(Set(ProcessTree.descendants(of: 10, in: table)) == [11, 12, 13])
        #expect(Set(ProcessTree.members(root: 10, group: 10, in: table)) == [10, 11, 12, 13, 30, 31])
    }

    @Test func realSnapshotContainsThisProcess() {
        let table = ProcessTree.snapshot()
        #expect(table.contains { $0.pid == getpid() })
    }
}

#if canImport(Glibc)
import Glibc
#endif
