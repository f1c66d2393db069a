@testable import CoalitionWorker
import Testing

@Suite struct HostMetricsTests {
    let stat1 = """
        cpu  300 0 100 600 0 0 0 0 0 0
        cpu0 200 0 50 250 0 0 0 0 0 0
        cpu1 100 0 50 350 0 0 0 0 0 0
        intr 12345
        ctxt 999
        """
    let stat2 = """
        cpu  450 0 150 1000 0 0 0 0 0 0
        cpu0 300 10 40 250 0 0 0 0 0 0
        cpu1 150 0 70 450 30 0 0 0 0 0
        """

    @Test func parsesPerProcessorLinesOnly() {
        let cpus = HostMetrics.parseProcStat(stat1)
        #expect(cpus == [CPUTimes(busy: 250, idle: 250), CPUTimes(busy: 150, idle: 350)])
    }

    @Test func percentagesFromDeltas() {
        let before = HostMetrics.parseProcStat(stat1)
        let after = HostMetrics.parseProcStat(stat2)
        // cpu0: busy +100 (system went down 10: counted as 0 → busy 300+10+40=350 vs 250 → +100), idle +0.
        // cpu1: busy +70, idle +100+30.
        #expect(HostMetrics.loadPercentages(previous: before, current: after) == [100, 35])
        #expect(HostMetrics.loadPercentages(previous: [], current: before) == [50, 30])
        #expect(HostMetrics.loadPercentages(previous: after, current: after) == [0, 0])
    }

    @Test func loadTextLooksLikeAPythonList() {
        #expect(HostMetrics.loadText([12, 40]) == "[12, 40]")
        #expect(HostMetrics.loadText([7]) == "[7]")
        #expect(HostMetrics.loadText([]) == "[0]")
    }

    @Test func memoryPrefersMemAvailable() {
        let text = """
            MemTotal:       16410000 kB
            MemFree:         1024000 kB
            MemAvailable:    8192000 kB
            Buffers:          102400 kB
            Cached:          2048000 kB
            """
        let memory = HostMetrics.parseMemInfo(text)
        #expect(memory.totalMB == 16025)
        #expect(memory.freeMB == 8000)
    }

    @Test func memoryFallsBackToFreeBuffersCached() {
        let text = "MemTotal: 2048000 kB\nMemFree: 102400 kB\nBuffers: 51200 kB\nCached: 204800 kB\n"
        let memory = HostMetrics.parseMemInfo(text)
        #expect(memory.totalMB == 2000)
        #expect(memory.freeMB == 350)
    }

    @Test func realHostSample() {
        let sampler = HostSampler()
        let sample = sampler.sample()
        #expect(!sample.load.isEmpty)
        #expect(sample.load.allSatisfy { (0...100).contains($0) })
        #expect(sample.totalMemoryMB > 0)
        #expect(sample.freeMemoryMB <= sample.totalMemoryMB)
        #expect(sample.formFields.map(\.0) == ["load", "freeMemory", "totalMemory"])
    }
}
