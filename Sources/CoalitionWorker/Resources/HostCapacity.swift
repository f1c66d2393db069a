import Foundation

/// What a render node offers to reservations: processors (by number, those the worker may run
/// on), memory in MiB and GPUs (by index).
public struct HostCapacity: Equatable, Sendable {
    /// Processor numbers jobs can be pinned to, ascending.
    public var cores: [Int]
    /// Memory that reservations share, in MiB.
    public var memoryMB: Int
    /// GPU indices as `nvidia-smi` numbers them, ascending.
    public var gpus: [Int]

    public init(cores: [Int], memoryMB: Int, gpus: [Int]) {
        self.cores = cores
        self.memoryMB = memoryMB
        self.gpus = gpus
    }

    /// Applies the `--cores`, `--memory`, `--gpus` overrides: a count keeps the first processors
    /// or GPUs (a count above what exists names further numbers, so an operator can declare
    /// what the kernel does not show); memory replaces the measured figure.
    func overridden(cores count: Int?, memoryMB memory: Int?, gpus gpuCount: Int?) -> HostCapacity {
        var result = self
        if let count { result.cores = Self.firstNumbers(count, of: cores) }
        if let memory { result.memoryMB = memory }
        if let gpuCount { result.gpus = Self.firstNumbers(gpuCount, of: gpus) }
        return result
    }

    private static func firstNumbers(_ count: Int, of known: [Int]) -> [Int] {
        if count <= known.count { return Array(known.prefix(max(0, count))) }
        var result = known
        var next = (known.last ?? -1) + 1
        while result.count < count {
            result.append(next)
            next += 1
        }
        return result
    }
}

/// Pure parsing of the texts the capacity comes from.
enum CapacityParsing {
    /// The processors the worker may run on: `Cpus_allowed_list` of `/proc/self/status`
    /// (a list such as `0-3,8,10-11`). Nil when the line is absent or unreadable.
    static func allowedCores(procSelfStatus text: String) -> [Int]? {
        for line in text.split(separator: "\n") where line.hasPrefix("Cpus_allowed_list:") {
            return parseCPUList(String(line.dropFirst("Cpus_allowed_list:".count)))
        }
        return nil
    }

    /// The kernel's CPU list format: comma-separated numbers and `a-b` ranges. Nil when malformed.
    static func parseCPUList(_ text: String) -> [Int]? {
        var result = Set<Int>()
        for piece in text.trimmingWhitespace().split(separator: ",") {
            let bounds = piece.split(separator: "-", omittingEmptySubsequences: false)
            guard bounds.count <= 2, let low = Int(bounds[0].trimmingCharacters(in: .whitespaces)) else { return nil }
            let high = bounds.count == 2 ? Int(bounds[1].trimmingCharacters(in: .whitespaces)) : low
            guard let high, low >= 0, high >= low, high - low < 65_536 else { return nil }
            result.formUnion(low...high)
        }
        return result.isEmpty ? nil : result.sorted()
    }

    /// Processor count from the `cpuN` lines of `/proc/stat` (fallback when the affinity list
    /// is unavailable): numbers 0..<count.
    static func coresFromProcStat(_ text: String) -> [Int] {
        Array(0..<HostMetrics.parseProcStat(text).count)
    }

    /// MemTotal of `/proc/meminfo`, in MiB.
    static func totalMemoryMB(procMeminfo text: String) -> Int {
        HostMetrics.parseMemInfo(text).totalMB
    }

    /// GPU indices from `nvidia-smi --query-gpu=index --format=csv,noheader`: one integer a
    /// line; anything else (an error message) is ignored.
    static func gpuIndices(nvidiaSMI text: String) -> [Int] {
        text.split(whereSeparator: \.isNewline)
            .compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            .filter { $0 >= 0 }
            .sorted()
    }
}
