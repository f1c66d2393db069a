import CoalitionCore
import CoalitionStore
import Foundation

/// Import of an original Coalition master_db (made by Benchmarks/make_v3_master_db.py):
/// the time of each step, then the peak resident memory of the whole process.
func benchImportV3(path: String, runs: Int) {
    guard let data = FileManager.default.contents(atPath: path) else {
        print("cannot read \(path)")
        exit(1)
    }
    let bytes = [UInt8](data)
    print("## import of an original master_db: \(path), \(bytes.count / 1_000_000) MB, \(runs) runs")
    var parse = Samples(), convert = Samples(), restore = Samples(), encode = Samples(), total = Samples()
    var jobs = 0
    for _ in 0..<runs {
        let t0 = DispatchTime.now().uptimeNanoseconds
        var db: V3MasterDB?
        parse.time { db = try! V3MasterDB.parse(bytes) }
        var state: FarmState?
        convert.time { state = try! V3Converter.convert(db!).state }
        db = nil
        jobs = state!.jobs.count - 1
        var farm: Farm?
        restore.time { farm = Farm(restoring: state!, now: Date().timeIntervalSince1970) }
        state = nil
        encode.time { _ = SnapshotCodec.encode(farm!.state) }
        total.values.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
        withExtendedLifetime(farm) {}
    }
    print("| step | median | min |")
    print("|---|---|---|")
    for (name, s) in [("parse pickles", parse), ("convert to FarmState", convert), ("rebuild the farm", restore),
                      ("encode our snapshot", encode), ("total", total)] {
        print("| \(name) | \(ms(s.median)) | \(ms(s.percentile(0))) |")
    }
    print("jobs: \(jobs); peak resident memory: \(peakResidentBytes() / 1_000_000) MB")
}

/// VmHWM of this process, bytes.
func peakResidentBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return 0 }
    return (Int(line.split(separator: " ")[1]) ?? 0) * 1024
}
