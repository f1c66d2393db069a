import CoalitionCore
import Testing
@testable import CoalitionServer

@Suite struct ChangeLogTests {
    @Test func nothingRecordedMakesNoEvent() {
        var log = ChangeLog()
        log.record(jobs: [JobID](), workers: [String](), totals: false)
        #expect(log.flush() == nil)
        #expect(log.lastSequence == 0)
    }

    @Test func changesBetweenFlushesBecomeOneEvent() {
        var log = ChangeLog()
        for id in [5, 3, 5, 1] { log.record(jobs: [id], workers: ["w\(id)"], totals: id == 3) }
        let event = log.flush()
        #expect(event == ChangeEvent(sequence: 1, jobs: [1, 3, 5], workers: ["w1", "w3", "w5"], totals: true))
        #expect(log.flush() == nil)
        log.record(jobs: [9], workers: [String](), totals: false)
        #expect(log.flush()?.sequence == 2)
    }

    @Test func aBurstBeyondTheListLimitSaysAll() {
        var log = ChangeLog(capacity: 8, listLimit: 100)
        for id in 0..<10_000 { log.record(jobs: [id], workers: [String](), totals: true) }
        let event = log.flush()
        #expect(event?.all == true)
        #expect(event?.jobs == [])
        #expect(event?.json.count ?? 0 < 100)
    }

    @Test func replayGivesTheMissedEventsOrNil() {
        var log = ChangeLog(capacity: 4)
        for id in 1...10 {
            log.record(jobs: [id], workers: [String](), totals: true)
            _ = log.flush()
        }
        #expect(log.events(after: 10) == [])
        #expect(log.events(after: 9)?.map(\.jobs) == [[10]])
        #expect(log.events(after: 8)?.map(\.sequence) == [9, 10])
        #expect(log.events(after: 1) == nil)       // too old
        #expect(log.events(after: 11) == nil)      // never given out
        #expect(log.events(after: -1) == nil)
        #expect(log.reloadEvent.reload && log.reloadEvent.sequence == 10)
    }

    @Test func ringStaysBounded() {
        var log = ChangeLog(capacity: 16)
        for id in 1...1000 {
            log.record(jobs: [id], workers: [String](), totals: false)
            _ = log.flush()
        }
        let kept = (0...1000).filter { log.events(after: $0) != nil }.count
        #expect(kept <= 17 && kept >= 12)
    }

    @Test func eventFrameAndJSON() {
        let event = ChangeEvent(sequence: 7, jobs: [1, 2], workers: ["a\"b"], totals: true)
        #expect(String(decoding: event.frame(epoch: "e1"), as: UTF8.self)
            == "id: e1-7\ndata: {\"jobs\":[1,2],\"workers\":[\"a\\\"b\"],\"totals\":true,\"all\":false,\"reload\":false}\n\n")
    }

    @Test func eventIDsOfAnotherRunAreNotRecognised() {
        #expect(ChangeEventID.sequence("abc-12", epoch: "abc") == 12)
        #expect(ChangeEventID.sequence("abd-12", epoch: "abc") == nil)
        #expect(ChangeEventID.sequence("12", epoch: "abc") == nil)
        #expect(ChangeEventID.sequence("abc-x", epoch: "abc") == nil)
        #expect(ChangeEventID.sequence("", epoch: "abc") == nil)
    }
}

@Suite struct ChangeHubTests {
    func frames(_ s: ChangeHub.Subscription, count: Int) async -> [String] {
        var out: [String] = []
        for await frame in s.frames {
            out.append(String(decoding: frame, as: UTF8.self))
            if out.count == count { break }
        }
        return out
    }

    @Test func newSubscriberGetsItsPositionThenEvents() async {
        let hub = ChangeHub()
        hub.publish(jobs: [1], workers: [String](), totals: true)
        hub.flush()
        let s = try! #require(hub.subscribe(lastEventID: nil))
        hub.publish(jobs: [2], workers: ["w"], totals: true)
        hub.flush()
        let got = await frames(s, count: 3)
        #expect(got[0] == "retry: 1000\n\n")
        #expect(got[1].hasPrefix("id: \(hub.epoch)-1\ndata: {\"jobs\":[]"))
        #expect(got[2].hasPrefix("id: \(hub.epoch)-2\ndata: {\"jobs\":[2],\"workers\":[\"w\"]"))
        s.close()
        #expect(hub.subscriberCount == 0)
    }

    @Test func reconnectionReplaysOrReloads() async {
        let hub = ChangeHub()
        for id in 1...3 {
            hub.publish(jobs: [id], workers: [String](), totals: true)
            hub.flush()
        }
        let replay = try! #require(hub.subscribe(lastEventID: "\(hub.epoch)-1"))
        let got = await frames(replay, count: 3)
        #expect(got[1].hasPrefix("id: \(hub.epoch)-2\ndata: {\"jobs\":[2]"))
        #expect(got[2].hasPrefix("id: \(hub.epoch)-3\ndata: {\"jobs\":[3]"))
        for stale in ["otherrun-2", "garbage", "\(hub.epoch)-99"] {
            let s = try! #require(hub.subscribe(lastEventID: stale))
            let reload = await frames(s, count: 2)
            #expect(reload[1].contains("\"reload\":true"), "\(stale)")
            s.close()
        }
    }

    @Test func slowSubscriberIsDroppedNotBuffered() async {
        let hub = ChangeHub(clientBuffer: 8)
        let slow = try! #require(hub.subscribe(lastEventID: nil))
        for id in 1...50 {
            hub.publish(jobs: [id], workers: [String](), totals: true)
            hub.flush()
        }
        #expect(hub.subscriberCount == 0)
        var count = 0
        for await _ in slow.frames { count += 1 }
        #expect(count == 8)
    }

    @Test func subscribersAreCapped() {
        let hub = ChangeHub(maxSubscribers: 2)
        let a = hub.subscribe(lastEventID: nil), b = hub.subscribe(lastEventID: nil)
        #expect(a != nil && b != nil)
        #expect(hub.subscribe(lastEventID: nil) == nil)
        a?.close()
        #expect(hub.subscribe(lastEventID: nil) != nil)
        hub.closeAll()
        #expect(hub.subscriberCount == 0)
    }
}
