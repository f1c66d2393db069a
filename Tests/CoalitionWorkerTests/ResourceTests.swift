@testable import CoalitionWorker
import Foundation
import Testing

@Suite struct CapacityParsingTests {
    @Test func cpuListsAndAffinity() {
        #expect(CapacityParsing.parseCPUList("0-3,8,10-11\n") == [0, 1, 2, 3, 8, 10, 11])
        #expect(CapacityParsing.parseCPUList("5") == [5])
        #expect(CapacityParsing.parseCPUList("3-1") == nil)
        #expect(CapacityParsing.parseCPUList("a") == nil)
        let status = "Name:\tcoalition\nCpus_allowed:\tff\nCpus_allowed_list:\t0-1,4\nMems_allowed_list:\t0\n"
        #expect(CapacityParsing.allowedCores(procSelfStatus: status) == [0, 1, 4])
        #expect(CapacityParsing.allowedCores(procSelfStatus: "Name: x\n") == nil)
    }

    @Test func coresMemoryAndGPUs() {
        #expect(CapacityParsing.coresFromProcStat("cpu  1 2 3 4\ncpu0 1 2 3 4\ncpu1 1 2 3 4\nintr 5\n") == [0, 1])
        #expect(CapacityParsing.totalMemoryMB(procMeminfo: "MemTotal:       16384000 kB\nMemFree: 1 kB\n") == 16000)
        #expect(CapacityParsing.gpuIndices(nvidiaSMI: "1\n0\n") == [0, 1])
        #expect(CapacityParsing.gpuIndices(nvidiaSMI: "NVIDIA-SMI has failed because it couldn't communicate\n") == [])
    }

    @Test func overrides() {
        let measured = HostCapacity(cores: [0, 1, 2, 3], memoryMB: 8000, gpus: [0])
        #expect(measured.overridden(cores: 2, memoryMB: nil, gpus: nil).cores == [0, 1])
        #expect(measured.overridden(cores: nil, memoryMB: 100, gpus: 3) == HostCapacity(cores: [0, 1, 2, 3], memoryMB: 100, gpus: [0, 1, 2]))
        #expect(measured.overridden(cores: 0, memoryMB: nil, gpus: 0).cores.isEmpty)
    }
}

@Suite struct ReservationTests {
    @Test func parsesTheSixthElement() {
        #expect(Reservation.parse("cores=2,memory=4096,gpus=1") == Reservation(cores: 2, memoryMB: 4096, gpus: 1))
        #expect(Reservation.parse("") == Reservation())
        #expect(Reservation.parse("gpus=1, future=7") == Reservation(gpus: 1))
        #expect(Reservation.parse("cores=-1") == nil)
        #expect(Reservation.parse("cores") == nil)
        #expect(Reservation(cores: 2, gpus: 1).text == "cores=2,gpus=1")
    }

    @Test func pickAnswerWithAndWithoutReservation() throws {
        let v3 = try WorkerProtocol.parsePickAnswer("7,'render','.','',None")
        #expect(v3?.reservation == nil)
        let reserved = try WorkerProtocol.parsePickAnswer("7,'render','.','',None,'cores=4,memory=1024'")
        #expect(reserved?.reservation == Reservation(cores: 4, memoryMB: 1024))
        #expect(try WorkerProtocol.parsePickAnswer("-1,'','','',None,''") == nil)
        #expect(throws: ProtocolError.self) { try WorkerProtocol.parsePickAnswer("7,'a','b','c',None,'x','y'") }
    }

    @Test func pickAndNimbyFields() {
        var pool = ResourcePool(capacity: HostCapacity(cores: [0, 1, 2, 3], memoryMB: 8000, gpus: [0, 1]))
        _ = pool.grant(Reservation(cores: 1, memoryMB: 1000, gpus: 1))
        let fields = Dictionary(uniqueKeysWithValues: WorkerProtocol.resourceFields(free: pool))
        #expect(fields == ["cores": "3", "memory": "7000", "gpus": "1", "maxCores": "4", "maxMemory": "8000", "maxGpus": "2"])
        let body = String(decoding: WorkerProtocol.nimbyReportBody(name: "n-1", reason: "user active 3 s ago",
            sample: HostSample(load: [1], freeMemoryMB: 2, totalMemoryMB: 3)), as: UTF8.self)
        #expect(body.hasPrefix("hostname=n-1&jobId=-1&log=&"))
        #expect(body.hasSuffix("&nimby=user+active+3+s+ago"))
        #expect(WorkerProtocol.endFields(name: "n", jobID: 3, errorCode: -9, requeue: "r").last! == ("requeue", "r"))
    }
}

@Suite struct ResourcePoolTests {
    @Test func coresAreChosenCloseTogetherAndGivenBack() {
        var pool = ResourcePool(capacity: HostCapacity(cores: Array(0..<8), memoryMB: 16000, gpus: [0, 1]))
        let a = pool.grant(Reservation(cores: 3, memoryMB: 4000, gpus: 1))
        #expect(a.grant == ResourceGrant(cores: [0, 1, 2], memoryMB: 4000, gpus: [0]))
        #expect(a.shortfall.isEmpty)
        #expect(a.grant.cudaVisibleDevices == "0")
        let b = pool.grant(Reservation(cores: 2))
        #expect(b.grant.cores == [3, 4])
        pool.release(a.grant)
        // Free now 0,1,2 and 5,6,7: two cores go to the smallest run that holds them.
        #expect(pool.freeCores == [0, 1, 2, 5, 6, 7])
        #expect(pool.freeMemoryMB == 16000)
        #expect(pool.freeGPUs == [0, 1])
        let c = pool.grant(Reservation(cores: 3))
        #expect(c.grant.cores == [0, 1, 2])
    }

    @Test func bestFitAndFragmentedFallback() {
        #expect(ResourcePool.choose(2, from: [0, 1, 2, 3, 6, 7]) == [6, 7])
        #expect(ResourcePool.choose(3, from: [0, 2, 4, 6]) == [0, 2, 4])
        #expect(ResourcePool.choose(9, from: [0, 1]) == [0, 1])
        #expect(ResourcePool.choose(0, from: [0, 1]) == [])
    }

    @Test func askingMoreThanFreeRunsWithWhatIsFreeAndSaysWhatIsMissing() {
        var pool = ResourcePool(capacity: HostCapacity(cores: [0, 1], memoryMB: 1000, gpus: []))
        let r = pool.grant(Reservation(cores: 4, memoryMB: 3000, gpus: 1))
        #expect(r.grant == ResourceGrant(cores: [0, 1], memoryMB: 1000, gpus: []))
        #expect(r.shortfall == Reservation(cores: 2, memoryMB: 2000, gpus: 1))
        #expect(pool.freeCores.isEmpty && pool.freeMemoryMB == 0)
    }

    @Test func retakenGrantsStayHeld() {
        var pool = ResourcePool(capacity: HostCapacity(cores: Array(0..<4), memoryMB: 100, gpus: [0]))
        pool.retake(ResourceGrant(cores: [1, 2], memoryMB: 50, gpus: [0]))
        #expect(pool.freeCores == [0, 3] && pool.freeMemoryMB == 50 && pool.freeGPUs.isEmpty)
        #expect(CPUMask.cores(in: CPUMask.words(for: [0, 63, 64, 200])) == [0, 63, 64, 200])
    }

    @Test func settingsForReservationsAndAuto() throws {
        let ini = WorkerIni(values: ["workers": "auto", "cores": "6", "memory": "2048", "gpus": "0", "statedir": "/tmp/s"])
        #expect(ini.unusableValues.isEmpty)
        let s = try WorkerSettings.resolve(ini: ini, overrides: WorkerOverrides(), hostName: "h", cpuCount: 4)
        #expect(s.autoSlots && s.cores == 6 && s.memoryMB == 2048 && s.gpus == 0 && s.stateDirectory == "/tmp/s")
        let fixed = try WorkerSettings.resolve(ini: ini, overrides: WorkerOverrides(workers: 2), hostName: "h", cpuCount: 4)
        #expect(!fixed.autoSlots && fixed.slots == 2)
        #expect(throws: WorkerSettingsError.self) {
            try WorkerSettings.resolve(ini: WorkerIni(values: ["cores": "many"]), overrides: WorkerOverrides(), hostName: "h", cpuCount: 4)
        }
        #expect(throws: WorkerSettingsError.self) {
            try WorkerSettings.resolve(ini: WorkerIni(values: ["nimby": "sometimes"]), overrides: WorkerOverrides(), hostName: "h", cpuCount: 4)
        }
        #expect(throws: WorkerSettingsError.self) {
            try WorkerSettings.resolve(ini: WorkerIni(values: ["nimby": "schedule"]), overrides: WorkerOverrides(), hostName: "h", cpuCount: 4)
        }
    }
}

@Suite struct SpoolFormatTests {
    @Test func startTicksAndExitFile() {
        let stat = "4242 (sh (x)) S 1 4242 4242 0 -1 4194560 100 0 0 0 0 0 0 0 20 0 1 0 987654 2000 100"
        #expect(SpoolFormat.startTicks(procStat: stat) == 987654)
        #expect(SpoolFormat.exitCode("3\n") == 3)
        #expect(SpoolFormat.exitCode("") == nil)
        #expect(StateDirectory.defaultPath(workerName: "node 1", environment: ["HOME": "/home/r"]) == "/home/r/.local/state/coalition/worker-node_1")
        #expect(StateDirectory.defaultPath(workerName: "n", environment: [:]) == "/var/tmp/coalition-worker-n")
    }

    @Test func recordRoundTrip() {
        let record = JobRecord(worker: "n", slot: "n-1", jobID: 7, user: "u", pid: 10, startTicks: 99,
                               spoolPath: "/s/job-7.out", exitPath: "/s/job-7.exit", deliveredOffset: 12,
                               grant: ResourceGrant(cores: [1], memoryMB: 0, gpus: []))
        #expect(JobRecord.decode(record.encoded()) == record)
        #expect(JobRecord.decode(Data("{".utf8)) == nil)
    }
}
