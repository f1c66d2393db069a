import CoalitionCore

/// Pick latency with resource requests: `jobs` leaves in groups of 1000 under the root,
/// and `hosts` hosts of mixed sizes that report what their running jobs leave free, as
/// our worker does. Requests sit on the groups (a shot's frames all ask the same), or on
/// every leaf (`onLeaves`), the case the subtree floor cannot prune.
func benchReservationPick(maxJobs: Int, hosts hostCount: Int = 10_000) {
    print("## pick latency with resource requests, \(hostCount) hosts of 4 to 64 cores, 20000 picks per case")
    print("| requests on | jobs | build | p50 | p99 | max | picks answered with a job |")
    print("|---|---|---|---|---|---|---|")
    for onLeaves in [false, true] {
        for count in [100_000, 1_000_000] where count <= maxJobs {
            var rng = SplitMix(state: 42)
            let t0 = ContinuousClock.now
            var farm = Farm(now: 0)
            let sizes = [Resources(cores: 1, memory: 2000), Resources(cores: 2, memory: 4000),
                         Resources(cores: 4, memory: 8000), Resources(cores: 8, memory: 16000, gpus: 1),
                         Resources(cores: 16, memory: 32000), Resources(cores: 32, memory: 64000, gpus: 2)]
            func request(_ r: Resources) -> ResourceRequest {
                ResourceRequest(cores: r.cores, memory: r.memory, gpus: r.gpus)
            }
            for g in 0..<max(1, count / 1000) {
                var group = NewJob()
                group.title = "shot \(g)"
                group.priority = 1000 + Int(rng.next() % 5)
                let size = sizes[Int(rng.next() % UInt64(sizes.count))]
                if !onLeaves { group.request = request(size) }
                let parent = farm.submit(.addJob(group, parent: .id(0), requester: "", id: nil), now: 0).addedID
                var frame = NewJob()
                frame.command = "render --frame N scene.ma"
                for i in 0..<min(1000, count) {
                    frame.title = "frame \(i)"
                    if onLeaves { frame.request = request(sizes[Int(rng.next() % UInt64(sizes.count))]) }
                    _ = farm.submit(.addJob(frame, parent: .id(parent), requester: "", id: nil), now: 0)
                }
            }
            let build = (ContinuousClock.now - t0) / .seconds(1)
            let capacities = [Resources(cores: 4, memory: 16000), Resources(cores: 8, memory: 32000),
                              Resources(cores: 16, memory: 64000, gpus: 1), Resources(cores: 32, memory: 128000, gpus: 2),
                              Resources(cores: 64, memory: 256000, gpus: 4)]
            struct Host { var capacity: Resources; var free: Resources; var running: [(JobID, String, Resources)] = [] }
            var hosts = (0..<hostCount).map { i -> Host in
                let c = capacities[i % capacities.count]
                return Host(capacity: c, free: c)
            }
            var samples = Samples()
            var given = 0
            var now = 10.0
            for _ in 0..<20_000 {
                now += 0.001
                let h = Int(rng.next() % UInt64(hostCount))
                // Half the time a running job of the host ends first (not timed).
                if !hosts[h].running.isEmpty && rng.next() % 2 == 0 {
                    let (id, name, reserved) = hosts[h].running.removeLast()
                    farm.submit(.endJob(WorkerReport(name: name), job: id, exitCode: 0), now: now)
                    hosts[h].free = Resources(cores: hosts[h].free.cores + reserved.cores,
                                              memory: hosts[h].free.memory + reserved.memory,
                                              gpus: hosts[h].free.gpus + reserved.gpus)
                }
                let name = "h\(h)-\(hosts[h].running.count + 1)"
                let report = WorkerReport(name: name, resources: HostResources(free: hosts[h].free, capacity: hosts[h].capacity))
                var assignment: Assignment?
                samples.time { assignment = farm.submit(.pickJob(report, choice: nil), now: now).assignment }
                if let a = assignment, let reserved = a.reserved {
                    given += 1
                    hosts[h].running.append((a.id, name, reserved))
                    hosts[h].free = Resources(cores: hosts[h].free.cores - reserved.cores,
                                              memory: hosts[h].free.memory - reserved.memory,
                                              gpus: hosts[h].free.gpus - reserved.gpus)
                    precondition(hosts[h].free.cores >= 0 && hosts[h].free.memory >= 0 && hosts[h].free.gpus >= 0,
                                 "a host was given more than it had free")
                }
            }
            print("| \(onLeaves ? "leaves" : "groups") | \(count) | \(String(format: "%.1f s", build)) | \(us(samples.median)) | \(us(samples.percentile(0.99))) | \(us(samples.percentile(1))) | \(given) |")
            withExtendedLifetime(farm) {}
        }
    }
}

/// A small reproducible generator (SplitMix64).
struct SplitMix {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
