@testable import CoalitionWorker
import Foundation
import Testing

@Suite struct NimbyScheduleTests {
    // Day numbers: 0 = Monday … 6 = Sunday.
    let studio = try! NimbySchedule(parsing: "mon-fri 20:00-08:00, sat-sun")

    @Test func eveningWindowCrossesMidnight() {
        #expect(studio.contains(weekday: 0, minute: 20 * 60))       // Monday 20:00
        #expect(!studio.contains(weekday: 0, minute: 19 * 60 + 59)) // Monday 19:59
        #expect(studio.contains(weekday: 1, minute: 7 * 60 + 59))   // Tuesday 07:59, from Monday's window
        #expect(!studio.contains(weekday: 1, minute: 8 * 60))       // Tuesday 08:00
        #expect(!studio.contains(weekday: 0, minute: 3 * 60))       // Monday 03:00: Sunday's window is the whole day and ends at midnight
    }

    @Test func weekendsAndFridayNight() {
        #expect(studio.contains(weekday: 5, minute: 12 * 60))       // Saturday noon
        #expect(studio.contains(weekday: 6, minute: 23 * 60 + 59))  // Sunday 23:59
        #expect(studio.contains(weekday: 5, minute: 7 * 60))        // Saturday 07:00 (also Friday's night)
        #expect(studio.contains(weekday: 4, minute: 22 * 60))       // Friday 22:00
        #expect(!studio.contains(weekday: 4, minute: 10 * 60))      // Friday 10:00
    }

    @Test func wrappingDayRangesListsAndTimesAlone() throws {
        let s = try NimbySchedule(parsing: "fri-mon 09:00-17:00, wed/thu")
        #expect(s.windows[0].days == [4, 5, 6, 0])
        #expect(s.contains(weekday: 6, minute: 10 * 60))
        #expect(!s.contains(weekday: 1, minute: 10 * 60))
        #expect(s.contains(weekday: 2, minute: 0))
        let nightly = try NimbySchedule(parsing: "22:00-06:00")
        #expect(nightly.contains(weekday: 3, minute: 23 * 60))
        #expect(nightly.contains(weekday: 0, minute: 5 * 60))       // Monday 05:00, from Sunday night
        #expect(!nightly.contains(weekday: 3, minute: 12 * 60))
        let untilMidnight = try NimbySchedule(parsing: "Mon 18:00-24:00")
        #expect(untilMidnight.contains(weekday: 0, minute: 23 * 60 + 59))
        #expect(!untilMidnight.contains(weekday: 1, minute: 0))
    }

    @Test(arguments: ["", "mon-fry", "mon 25:00-08:00", "mon 8:0-9:00", "mon 20:00", "20:00-08:00 mon",
                      "mon tue", "mon 20:00-08:00 extra", "mon-fri 20:00-08:00,, sat"])
    func malformedSchedulesNameTheProblem(_ text: String) {
        #expect(throws: NimbySchedule.ParseError.self) { try NimbySchedule(parsing: text) }
    }

    @Test func malformedScheduleStopsTheWorkerWithTheLine() {
        let ini = WorkerIni(values: ["nimby": "schedule", "nimbyschedule": "mon-fri 20:00-8h"])
        #expect {
            try WorkerSettings.resolve(ini: ini, overrides: WorkerOverrides(), hostName: "h", cpuCount: 4)
        } throws: { error in
            "\(error)".contains("mon-fri 20:00-8h") && "\(error)".contains("20:00-8h")
        }
    }
}

@Suite struct NimbyDecisionTests {
    let idlePolicy = NimbyPolicy(mode: .idle, idleSeconds: 60, schedule: nil, action: .finish)

    @Test func idleTrackerSeesCounterChanges() {
        var tracker = IdleTracker()
        tracker.observe(count: 100, now: 0)
        #expect(tracker.secondsSinceActivity(now: 10) == nil)       // no activity seen since start
        tracker.observe(count: 100, now: 10)
        #expect(tracker.lastActivity == nil)
        tracker.observe(count: 103, now: 20)
        #expect(tracker.secondsSinceActivity(now: 50) == 30)
    }

    @Test func noPickWhileAPersonIsActive() {
        #expect(NimbyRules.reason(policy: idlePolicy, idleFor: nil, weekday: 0, minute: 0) == nil)
        let reason = NimbyRules.reason(policy: idlePolicy, idleFor: 12, weekday: 0, minute: 0)
        #expect(reason == "user active 12 s ago (nimbyidle 60 s)")
        #expect(NimbyRules.step(reason: reason, jobRunning: false, action: .finish) == .holdOff(reason: reason!))
        #expect(NimbyRules.reason(policy: idlePolicy, idleFor: 60, weekday: 0, minute: 0) == nil)
        #expect(NimbyRules.step(reason: nil, jobRunning: false, action: .requeue) == .pick)
    }

    @Test func finishLetsTheJobRunAndRequeueGivesItBack() {
        #expect(NimbyRules.step(reason: "r", jobRunning: true, action: .finish) == .keepRunning)
        #expect(NimbyRules.step(reason: "r", jobRunning: true, action: .requeue) == .requeue(reason: "r"))
        #expect(NimbyRules.step(reason: nil, jobRunning: true, action: .requeue) == .keepRunning)
    }

    @Test func offNeverBlocks() {
        #expect(NimbyRules.reason(policy: .off, idleFor: 0, weekday: 0, minute: 0) == nil)
    }

    @Test func monitorWithInjectedInputAndClock() {
        let counter = Counter()
        let clock = Counter()
        let policy = NimbyPolicy(mode: .idle, idleSeconds: 30, schedule: nil, action: .requeue)
        let monitor = NimbyMonitor(
            policy: policy, calendar: Calendar(identifier: .gregorian),
            readCount: { UInt64(counter.value) }, clock: { Date(timeIntervalSince1970: Double(clock.value)) })
        #expect(monitor.reason() == nil)
        clock.value = 100
        counter.value = 5                       // keyboard used at t=100
        #expect(monitor.reason()?.hasPrefix("user active 0 s ago") == true)
        clock.value = 120
        #expect(monitor.reason()?.hasPrefix("user active 20 s ago") == true)
        clock.value = 131
        #expect(monitor.reason() == nil)
    }

    @Test func monitorFollowsTheScheduleWithInjectedClock() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let policy = NimbyPolicy(mode: .schedule, idleSeconds: 0, schedule: try NimbySchedule(parsing: "mon-fri 20:00-08:00, sat-sun"), action: .finish)
        let clock = Counter()
        let monitor = NimbyMonitor(policy: policy, calendar: calendar, readCount: { 0 },
                                   clock: { Date(timeIntervalSince1970: Double(clock.value)) })
        // 2024-01-01 was a Monday.
        let monday = 1_704_067_200
        clock.value = monday + 12 * 3600
        #expect(monitor.reason() == "outside nimbyschedule")
        clock.value = monday + 21 * 3600
        #expect(monitor.reason() == nil)
        clock.value = monday + 24 * 3600 + 7 * 3600  // Tuesday 07:00
        #expect(monitor.reason() == nil)
        clock.value = monday + 5 * 24 * 3600 + 13 * 3600  // Saturday 13:00
        #expect(monitor.reason() == nil)
        let sunday = NimbyRules.localMoment(Date(timeIntervalSince1970: Double(monday + 6 * 86400 + 90)), calendar: calendar)
        #expect(sunday.weekday == 6 && sunday.minute == 1)
    }

    @Test func interruptCountersOfInputDevicesOnly() {
        let text = """
                       CPU0       CPU1
              1:          9         20   IO-APIC   1-edge      i8042
              8:          0          0   IO-APIC   8-edge      rtc0
             12:        100          5   IO-APIC  12-edge      i8042
            125:       3000       4000   PCI-MSI 327680-edge      xhci_hcd
            126:      99999      99999   PCI-MSI 512000-edge      ahci[0000:00:17.0]
            NMI:          1          2   Non-maskable interrupts
            """
        #expect(InputActivity.count(procInterrupts: text) == 9 + 20 + 100 + 5 + 3000 + 4000)
        #expect(InputActivity.count(procInterrupts: "") == 0)
    }
}

/// A mutable integer shared with the injected closures.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var stored = 0
    var value: Int {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
