import Foundation

/// Human-readable renderings of the server's numbers: times, durations, progress, memory.
enum ValueFormatting {
    /// Local date and time of an epoch timestamp, e.g. `2024-05-02 14:03:07`.
    static func time(_ epoch: Double?) -> String {
        guard let epoch, epoch > 0 else { return "" }
        var seconds = time_t(epoch)
        var parts = tm()
        localtime_r(&seconds, &parts)
        return String(format: "%04d-%02d-%02d %02d:%02d:%02d",
                      Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
                      Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
    }

    /// A duration in seconds: `4.2s`, `3m07s`, `2h05m`, `3d04h`.
    static func duration(_ seconds: Double?) -> String {
        guard let seconds, seconds.isFinite, seconds > 0 else { return "" }
        if seconds < 60 { return String(format: "%.1fs", seconds) }
        let whole = Int(seconds)
        if whole < 3600 { return String(format: "%dm%02ds", whole / 60, whole % 60) }
        if whole < 86400 { return String(format: "%dh%02dm", whole / 3600, (whole % 3600) / 60) }
        return String(format: "%dd%02dh", whole / 86400, (whole % 86400) / 3600)
    }

    /// A 0–1 fraction as a percentage, e.g. `45%`.
    static func percent(_ fraction: Double?) -> String {
        guard let fraction, fraction.isFinite else { return "" }
        return String(format: "%.0f%%", fraction * 100)
    }

    /// A job's progress: finished/total leaves for groups, the reported progress for leaves.
    static func progress(of job: TableRow) -> String {
        let total = job.int("Total") ?? 0
        if total > 0 {
            return "\(job.int("TotalFinished") ?? 0)/\(total)"
        }
        if job.string("State") == "FINISHED" { return "100%" }
        return percent(job.double("LocalProgress"))
    }

    /// Free/total memory in MB, e.g. `6120/16027 MB`.
    static func memory(free: Int64?, total: Int64?) -> String {
        guard let total, total > 0 else { return "" }
        return "\(free ?? 0)/\(total) MB"
    }

    /// A worker's CPU load list as the mean percentage, e.g. `37%`.
    static func load(_ value: JSONValue) -> String {
        let loads = (value.arrayValue ?? []).compactMap(\.doubleValue)
        guard !loads.isEmpty else { return "" }
        return String(format: "%.0f%%", loads.reduce(0, +) / Double(loads.count))
    }

    /// Dependencies list as `3 4 7`.
    static func idList(_ value: JSONValue) -> String {
        switch value {
        case .array(let items): return items.map { $0.intValue.map(String.init) ?? $0.text }.joined(separator: " ")
        case .string(let s): return s
        default: return ""
        }
    }
}
