import Foundation

/// Measures the node's capacity: processors the worker may run on and total memory from
/// `/proc`, GPUs from `nvidia-smi` when it is installed.
enum HostCapacityProbe {
    static func measure() -> HostCapacity {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        var cores = CapacityParsing.allowedCores(procSelfStatus: status) ?? []
        if cores.isEmpty {
            cores = CapacityParsing.coresFromProcStat((try? String(contentsOfFile: "/proc/stat", encoding: .utf8)) ?? "")
        }
        if cores.isEmpty { cores = [0] }
        let memory = CapacityParsing.totalMemoryMB(procMeminfo: (try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8)) ?? "")
        return HostCapacity(cores: cores, memoryMB: memory, gpus: gpus())
    }

    /// GPU indices from `nvidia-smi --query-gpu=index --format=csv,noheader`; none when the
    /// tool is absent or fails.
    private static func gpus() -> [Int] {
        let candidates = ((ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map { String($0) + "/nvidia-smi" })
        guard let tool = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else { return [] }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = ["--query-gpu=index", "--format=csv,noheader"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return [] }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return [] }
        return CapacityParsing.gpuIndices(nvidiaSMI: String(decoding: data, as: UTF8.self))
    }
}
