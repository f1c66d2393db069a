@testable import CoalitionWorker
import Foundation
import Testing

@Suite struct WakeSignalTests {
    @Test func timesOutWithoutSignal() async {
        let wake = WakeSignal()
        let start = Date()
        #expect(await wake.wait(seconds: 0.2) == false)
        #expect(Date().timeIntervalSince(start) >= 0.19)
    }

    @Test func signalBeforeWaitIsKept() async {
        let wake = WakeSignal()
        wake.signal()
        // Woken by the kept signal, not by the timeout (asked of the wait itself, not of
        // the clock: parallel tests can delay a task by many seconds on a small machine).
        #expect(await wake.wait(seconds: 600) == true)
    }

    @Test func signalWakesAWaiter() async {
        let wake = WakeSignal()
        Task {
            try? await Task.sleep(nanoseconds: 100_000_000)
            wake.signal()
        }
        #expect(await wake.wait(seconds: 600) == true)
    }

    @Test func stopControllerWakesRegisteredWaiters() async {
        let stop = StopController()
        let wake = WakeSignal()
        stop.register(wake)
        #expect(stop.request())
        #expect(!stop.request())
        #expect(await wake.wait(seconds: 600) == true)
        #expect(stop.isRequested)
    }
}
