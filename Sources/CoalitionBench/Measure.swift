#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Wall-clock samples and their percentiles.
struct Samples {
    var values: [Double] = []

    mutating func time(_ body: () -> Void) {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        values.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }

    func percentile(_ p: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * p))]
    }

    var median: Double { percentile(0.5) }
}

/// Resident memory of this process, bytes.
func residentBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = text.split(separator: " ")
    return (Int(fields[1]) ?? 0) * Int(sysconf(Int32(_SC_PAGESIZE)))
}

func ms(_ s: Double) -> String { String(format: "%.3f ms", s * 1000) }
func us(_ s: Double) -> String { String(format: "%.1f µs", s * 1e6) }
