import Testing
@testable import CoalitionCore

/// Resource requests, hosts that report what is free, NIMBY reports and requeues.
@Suite struct ResourceSchedulingTests {
    static func host(free: Resources, capacity: Resources) -> HostResources {
        HostResources(free: free, capacity: capacity)
    }

    static func add(_ farm: inout Farm, under parent: JobID = 0, command: String = "run",
                    cores: Int? = nil, memory: Int? = nil, gpus: Int? = nil, priority: Int = 1000) -> JobID {
        var spec = NewJob()
        spec.command = command
        spec.priority = priority
        spec.request = ResourceRequest(cores: cores, memory: memory, gpus: gpus)
        return farm.submit(.addJob(spec, parent: .id(parent), requester: "", id: nil), now: 0).addedID
    }

    static func pick(_ farm: inout Farm, _ name: String, free: Resources, capacity: Resources? = nil) -> Assignment? {
        let report = WorkerReport(name: name, resources: host(free: free, capacity: capacity ?? free))
        return farm.submit(.pickJob(report, choice: nil), now: 1).assignment
    }

    @Test func aJobIsHandedOnlyToAHostWithEnoughFree() {
        var farm = Farm(now: 0)
        let big = Self.add(&farm, cores: 4, memory: 8000, gpus: 1)
        #expect(Self.pick(&farm, "a-1", free: Resources(cores: 3, memory: 9000, gpus: 1)) == nil)
        #expect(Self.pick(&farm, "a-2", free: Resources(cores: 8, memory: 7999, gpus: 1)) == nil)
        #expect(Self.pick(&farm, "a-3", free: Resources(cores: 8, memory: 9000, gpus: 0)) == nil)
        let given = Self.pick(&farm, "b-1", free: Resources(cores: 4, memory: 8000, gpus: 1))
        #expect(given?.id == big)
        #expect(given?.reserved == Resources(cores: 4, memory: 8000, gpus: 1))
    }

    @Test func aSmallerJobBehindABiggerOneStillRuns() {
        var farm = Farm(now: 0)
        _ = Self.add(&farm, cores: 16, priority: 2000)
        let small = Self.add(&farm, cores: 2)
        #expect(Self.pick(&farm, "a-1", free: Resources(cores: 4))?.id == small)
    }

    @Test func childrenInheritTheRequestAndMayAskMore() {
        var farm = Farm(now: 0)
        let group = Self.add(&farm, command: "", cores: 4)
        let plain = Self.add(&farm, under: group)
        let bigger = Self.add(&farm, under: group, cores: 8, gpus: 1)
        let smaller = Self.add(&farm, under: group, cores: 1)
        #expect(farm.effectiveRequest(of: plain) == Resources(cores: 4))
        #expect(farm.effectiveRequest(of: bigger) == Resources(cores: 8, gpus: 1))
        // A child never asks less than its group.
        #expect(farm.effectiveRequest(of: smaller) == Resources(cores: 4))
        #expect(farm.nextJob(forAffinity: "", fitting: Resources(cores: 3, memory: 100, gpus: 4)) == nil)
        let picked = Self.pick(&farm, "a-1", free: Resources(cores: 8, memory: 0, gpus: 0))
        #expect(picked?.id == plain)
        #expect(picked?.reserved == Resources(cores: 4))
    }

    @Test func v3WorkersTakeAnyJobAndGetNoReservation() {
        var farm = Farm(now: 0)
        let big = Self.add(&farm, cores: 64)
        let given = farm.submit(.pickJob(WorkerReport(name: "old-1"), choice: nil), now: 1).assignment
        #expect(given?.id == big)
        #expect(given?.reserved == nil)
    }

    @Test func aJobNoWorkerCanHoldSaysWhy() {
        var farm = Farm(now: 0)
        let huge = Self.add(&farm, cores: 32)
        let fine = Self.add(&farm, cores: 16)
        let plain = Self.add(&farm)
        // No worker reported its capacity yet: nothing to say.
        #expect(farm.waitReasons([huge]) == [nil])
        _ = Self.pick(&farm, "small-1", free: .zero, capacity: Resources(cores: 4, memory: 16000))
        _ = Self.pick(&farm, "big-1", free: .zero, capacity: Resources(cores: 16, memory: 64000))
        let reasons = farm.waitReasons([huge, fine, plain])
        #expect(reasons[0] == "asks cores=32,memory=0,gpus=0, more than any worker has (largest: cores=16,memory=64000,gpus=0)")
        #expect(reasons[1] == nil)
        #expect(reasons[2] == nil)
    }

    @Test func updateJobsSetsAndClearsRequests() {
        var farm = Farm(now: 0)
        let id = Self.add(&farm)
        farm.submit(.updateJobs([id], [JobProperty("Cores", "8"), JobProperty("Gpus", "2")]), now: 1)
        #expect(farm.job(id)?.request == ResourceRequest(cores: 8, memory: nil, gpus: 2))
        farm.submit(.updateJobs([id], [JobProperty("Cores", "many"), JobProperty("Memory", "-3")]), now: 1)
        #expect(farm.job(id)?.request == ResourceRequest(cores: 8, memory: nil, gpus: 2))
        farm.submit(.updateJobs([id], [JobProperty("Cores", ""), JobProperty("Gpus", "None")]), now: 1)
        #expect(farm.job(id)?.request == .unset)
    }

    @Test func nimbyReportsShowAndThePickEndsThem() {
        var farm = Farm(now: 0)
        _ = Self.add(&farm)
        let keep = farm.submit(.heartbeat(WorkerReport(name: "desk-1", nimby: "user active 3 s ago"), job: nil, log: [],
                                          progress: nil), now: 1).keepsRunning
        #expect(!keep)
        #expect(farm.worker("desk-1")?.state == .nimby)
        #expect(farm.worker("desk-1")?.nimbyReason == "user active 3 s ago")
        #expect(farm.pick("desk-1", now: 2) != nil)
        #expect(farm.worker("desk-1")?.state == .working)
        #expect(farm.worker("desk-1")?.nimbyReason == nil)
    }

    @Test func aRequeuedJobWaitsAgainWithoutAnErrorOrATry() {
        var farm = Farm(now: 0)
        let id = Self.add(&farm)
        #expect(farm.pick("desk-1") == id)
        #expect(farm.job(id)?.tryCount == 1)
        let report = WorkerReport(name: "desk-1", nimby: "user active")
        farm.submit(.requeueJob(report, job: id, reason: "user active"), now: 5)
        #expect(farm.stateOf(id) == .waiting)
        #expect(farm.job(id)?.tryCount == 0)
        #expect(farm.worker("desk-1")?.error == 0)
        #expect(farm.worker("desk-1")?.state == .nimby)
        // Only the worker that runs the job may requeue it.
        #expect(farm.pick("node-1") == id)
        farm.submit(.requeueJob(WorkerReport(name: "desk-1"), job: id, reason: "x"), now: 6)
        #expect(farm.stateOf(id) == .working)
    }
}
