import Testing
@testable import CoalitionCore

/// The chunked table behind the farm's jobs and activities.
@Suite struct IDTableTests {
    static func job(_ id: JobID, _ title: String = "j") -> Job { Job(id: id, parent: 0, title: title, now: 0) }

    @Test func storesReadsAndRemovesByID() {
        var t = JobStore()
        #expect(t.isEmpty && t[0] == nil && t.firstID == nil && t.idBound == 0)
        for id in [5, 0, 700, 3] { t[id] = Self.job(id, "t\(id)") }
        #expect(t.count == 4 && t[700]?.title == "t700" && t[6] == nil && t[-1] == nil && t[1 << 50] == nil)
        #expect(t.keys == [0, 3, 5, 700] && t.map(\.key) == [0, 3, 5, 700])
        #expect(t.firstID == 0 && t.idBound == 701)
        t[5] = nil
        #expect(t.count == 3 && t[5] == nil && !t.contains(5))
        #expect(t.remove(3) && !t.remove(3) && t.count == 2)
        t[700] = Self.job(700, "again")
        #expect(t.count == 2 && t[700]?.title == "again")
    }

    @Test func changesInPlaceAndThroughTheOptional() {
        var t: JobStore = [1: Self.job(1)]
        t[1]!.title = "changed"
        t[1]?.priority = 7
        #expect(t[1]?.title == "changed" && t[1]?.priority == 7)
        t[2]?.title = "nobody"  // no job 2: nothing is stored
        #expect(t.count == 1 && t[2] == nil)
        #expect(t.update(1) { $0.retry = 3; return $0.retry } == 3 && t[1]?.retry == 3)
        #expect(t.update(9) { _ in true } == nil)
        #expect(t.withRow(1) { $0.title } == "changed" && t.withRow(2) { $0.title } == nil)
        t[1] = nil
        #expect(t.isEmpty)
    }

    @Test func aCopyIsUnaffectedByLaterChanges() {
        var t = JobStore()
        for id in 0..<1000 { t[id] = Self.job(id) }
        let saved = t
        t[10]!.title = "after"
        t[999] = nil
        t[1000] = Self.job(1000)
        #expect(saved[10]?.title == "j" && saved[999] != nil && saved[1000] == nil && saved.count == 1000)
        #expect(t[10]?.title == "after" && t.count == 1000)
        #expect(saved != t)
        var again = saved
        #expect(again == saved)
        again[10]!.title = "x"
        #expect(again != saved)
    }

    @Test func aChunkWithNoRowLeftIsReleasedAndIterationSkipsIt() {
        var t = ActivityStore()
        for id in 0..<2000 {
            t[id] = Activity(id: id, worker: "w", jobID: 1, jobTitle: "a", state: .finished, start: 0, duration: 0)
        }
        for id in 0..<1500 { t.remove(id) }
        #expect(t.count == 500 && t.firstID == 1500 && t.keys.first == 1500)
        let released = t.chunks.prefix(1500 >> IDTable<Activity>.chunkShift).allSatisfy { $0.isEmpty }
        #expect(released)
    }

    @Test func fillsNewRowsInPlaceAndStoresNothingWhenFillingFails() {
        struct Refused: Error {}
        var t = JobStore()
        t.insert(id: 4) { $0.id = 4; $0.title = "filled" }
        #expect(t[4]?.title == "filled" && t.count == 1)
        #expect(throws: Refused.self) { try t.insert(id: 5) { job throws(Refused) in job.id = 5; throw Refused() } }
        #expect(t[5] == nil && t.count == 1)
    }

    @Test func joinsBlocksThatHoldDisjointChunks() {
        let span = JobStore.idsPerBlock
        var a = JobStore(), b = JobStore()
        a[1] = Self.job(1)
        b[span + 2] = Self.job(span + 2)
        let joined = JobStore(joining: [a, b])
        #expect(joined?.keys == [1, span + 2] && joined?.count == 2)
        var c = JobStore()
        c[2] = Self.job(2)
        #expect(JobStore(joining: [a, c]) == nil)
    }

    @Test func storableIDsAreBounded() {
        #expect(JobStore.isStorable(0) && JobStore.isStorable(JobStore.idLimit - 1))
        #expect(!JobStore.isStorable(-1) && !JobStore.isStorable(JobStore.idLimit))
    }
}

