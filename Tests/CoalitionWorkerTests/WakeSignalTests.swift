@testable import CoalitionWorker
import Foundation
import Testing

@Suite struct WakeSignalTests {
    @Test func timesOutWithoutSignal() async {
        let wake = WakeSignal()
        let start = Date()
        await wake.wait(seconds: 0.2)
        #expect(Date().timeIntervalSince(start) >= 0.19)
    }

    @Test func signalBeforeWaitIsKept() async {
        let wake = WakeSignal()
        wake.signal()
        let start = Date()
        await wake.wait(seconds: 30)
        // Woken early, not by the 30 s timeout (generous: parallel tests can delay tasks).
        #expect(Date().timeIntervalSince(start) < 20)
    }

    @Test func signalWakesAWaiter() async {
        let wake = WakeSignal()
        let start = Date()
        Task {
            try? await Task.sleep(nanoseconds: 100_000_000)
            wake.signal()
        }
        await wake.wait(seconds: 30)
        #expect(Date().timeIntervalSince(start) < 20)
    }

    @Test func stopControllerWakesRegisteredWaiters() async {
        let stop = StopController()
        let wake = WakeSignal()
        stop.register(wake)
        #expect(stop.request())
        #expect(!stop.request())
        let start = Date()
        await wake.wait(seconds: 30)
        // Woken early, not by the 30 s timeout (generous: parallel tests can delay tasks).
        #expect(Date().timeIntervalSince(start) < 20)
        #expect(stop.isRequested)
    }
}
