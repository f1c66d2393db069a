import Foundation

/// CPU time counters of one processor, in clock ticks, from a `cpuN` line of `/proc/stat`.
struct CPUTimes: Equatable, Sendable {
    var busy: UInt64
    var idle: UInt64
    var total: UInt64 { busy + idle }
}

/// Pure parsing and arithmetic for the host figures the worker reports.
enum HostMetrics {
    /// The per-processor lines (`cpu0`, `cpu1`, …) of `/proc/stat`, in order. Busy time is
    /// user + nice + system + irq + softirq + steal; idle is idle + iowait.
    static func parseProcStat(_ text: String) -> [CPUTimes] {
        var result: [CPUTimes] = []
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard let label = fields.first, label.hasPrefix("cpu"), label.count > 3 else { continue }
            let numbers = fields.dropFirst().map { UInt64($0) ?? 0 }
            guard numbers.count >= 4 else { continue }
            func field(_ index: Int) -> UInt64 { index < numbers.count ? numbers[index] : 0 }
            let busy = field(0) &+ field(1) &+ field(2) &+ field(5) &+ field(6) &+ field(7)
            let idle = field(3) &+ field(4)
            result.append(CPUTimes(busy: busy, idle: idle))
        }
        return result
    }

    /// Integer busy percentage of each processor between two samples. A processor missing
    /// from `previous` is measured since boot; counters that went backwards count as idle.
    static func loadPercentages(previous: [CPUTimes], current: [CPUTimes]) -> [Int] {
        current.enumerated().map { index, now in
            let before = index < previous.count ? previous[index] : CPUTimes(busy: 0, idle: 0)
            let busy = now.busy >= before.busy ? now.busy - before.busy : 0
            let idle = now.idle >= before.idle ? now.idle - before.idle : 0
            let total = busy + idle
            guard total > 0 else { return 0 }
            return Int(min(100, busy * 100 / total))
        }
    }

    /// Free and total memory in MiB from `/proc/meminfo`: free is MemAvailable when the kernel
    /// provides it, else MemFree + Buffers + Cached.
    static func parseMemInfo(_ text: String) -> (freeMB: Int, totalMB: Int) {
        var kilobytes: [String: Int] = [:]
        for line in text.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = String(line[..<colon])
            let value = line[line.index(after: colon)...].split(separator: " ").first.flatMap { Int($0) }
            if let value { kilobytes[key] = value }
        }
        let total = kilobytes["MemTotal"] ?? 0
        let free = kilobytes["MemAvailable"]
            ?? ((kilobytes["MemFree"] ?? 0) + (kilobytes["Buffers"] ?? 0) + (kilobytes["Cached"] ?? 0))
        return (free / 1024, total / 1024)
    }

    /// The `load` field text: a Python-style list such as `[12, 40]`.
    static func loadText(_ percentages: [Int]) -> String {
        "[" + (percentages.isEmpty ? [0] : percentages).map(String.init).joined(separator: ", ") + "]"
    }
}

/// One host sample as sent with every pickjob and heartbeat.
struct HostSample: Equatable, Sendable {
    var load: [Int]
    var freeMemoryMB: Int
    var totalMemoryMB: Int

    /// The form fields `load`, `freeMemory`, `totalMemory`.
    var formFields: [(String, String)] {
        [("load", HostMetrics.loadText(load)),
         ("freeMemory", String(freeMemoryMB)),
         ("totalMemory", String(totalMemoryMB))]
    }
}

/// Reads `/proc/stat` and `/proc/meminfo`; the previous CPU sample is shared by the whole
/// process, so each report covers the time since the previous report of any loop.
final class HostSampler: @unchecked Sendable {
    private let lock = NSLock()
    private var previous: [CPUTimes] = []

    init() {}

    func sample() -> HostSample {
        let stat = (try? String(contentsOfFile: "/proc/stat", encoding: .utf8)) ?? ""
        let current = HostMetrics.parseProcStat(stat)
        let load: [Int] = lock.withLock {
            defer { previous = current }
            return HostMetrics.loadPercentages(previous: previous, current: current)
        }
        let meminfo = (try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8)) ?? ""
        let memory = HostMetrics.parseMemInfo(meminfo)
        return HostSample(load: load.isEmpty ? [0] : load, freeMemoryMB: memory.freeMB, totalMemoryMB: memory.totalMB)
    }
}
