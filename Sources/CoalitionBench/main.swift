import CoalitionCore
import CoalitionStore
import Foundation

// In-process benchmarks of the model and the snapshot format (release build):
//   swift run -c release CoalitionBench [pick|snapshot|rules|reservation|all] [max-jobs]
//   swift run -c release CoalitionBench rules [max-jobs] [picks-per-case]
//   swift run -c release CoalitionBench importv3 ORIGINAL_MASTER_DB [runs]
// HTTP benchmarks are in Benchmarks/ (wrk against the real server).

enum Shape: String { case flat, tree }

/// A farm of `count` jobs: `flat` = one parent with every job under it; `tree` = parents of
/// 1000 children each, the first half of every parent's children FINISHED.
func makeFarm(_ shape: Shape, count: Int) -> Farm {
    var farm = Farm(now: 0)
    var spec = NewJob()
    spec.command = "render --frame N scene.ma"
    switch shape {
    case .flat:
        var group = NewJob()
        group.title = "render"
        let parent = farm.submit(.addJob(group, parent: .id(0), requester: "", id: nil), now: 0).addedID
        for i in 0..<count {
            spec.title = "frame \(i)"
            _ = farm.submit(.addJob(spec, parent: .id(parent), requester: "", id: nil), now: 0).addedID
        }
    case .tree:
        guard count > 0 else { return farm }
        let perParent = min(1000, count)
        var finishing: [JobID] = []
        for p in 0..<max(1, count / perParent) {
            var group = NewJob()
            group.title = "shot \(p)"
            let parent = farm.submit(.addJob(group, parent: .id(0), requester: "", id: nil), now: 0).addedID
            for i in 0..<perParent {
                spec.title = "frame \(i)"
                let id = farm.submit(.addJob(spec, parent: .id(parent), requester: "", id: nil), now: 0).addedID
                if i < perParent / 2 { finishing.append(id) }
            }
        }
        // Finish half: hand them out and end them (one worker name per run).
        farm.submit(.pauseJobs(Array(Set(farm.state.jobs.keys).subtracting(finishing).subtracting([0]).filter { farm.job($0)!.isLeaf })), now: 0)
        var n = 0
        while let a = farm.submit(.pickJob(WorkerReport(name: "prep"), choice: nil), now: 1).assignment {
            farm.submit(.endJob(WorkerReport(name: "prep"), job: a.id, exitCode: 0), now: 1)
            n += 1
        }
        farm.submit(.startJobs(Array(farm.state.jobs.keys.filter { farm.job($0)!.state == .paused })), now: 2)
        precondition(n == finishing.count)
    }
    return farm
}

func benchPick(maxJobs: Int) {
    print("## pick latency (pickjob: choose + hand out), 2000 picks per case")
    print("| shape | jobs | build | p50 | p99 | max | memory/job |")
    print("|---|---|---|---|---|---|---|")
    for shape in [Shape.flat, .tree] {
        for count in [1_000, 100_000, 1_000_000] where count <= maxJobs {
            let before = residentBytes()
            let t0 = Date()
            var farm = makeFarm(shape, count: count)
            let build = Date().timeIntervalSince(t0)
            let perJob = Double(residentBytes() - before) / Double(count)
            var samples = Samples()
            for i in 0..<2000 {
                let report = WorkerReport(name: "w\(i % 500)")
                samples.time { _ = farm.submit(.pickJob(report, choice: nil), now: 10 + Double(i) * 0.001) }
            }
            print("| \(shape.rawValue) | \(count) | \(String(format: "%.1f s", build)) | \(us(samples.median)) | \(us(samples.percentile(0.99))) | \(us(samples.percentile(1))) | \(Int(perJob)) B |")
            withExtendedLifetime(farm) {}
        }
    }
}

func benchSnapshot(maxJobs: Int) {
    let count = min(maxJobs, 1_000_000)
    print("\n## snapshot of \(count) jobs (tree shape; a Job value is \(MemoryLayout<Job>.size) bytes)")
    let farm = makeFarm(.tree, count: count)
    let dir = NSTemporaryDirectory() + "coalition-bench-\(UUID().uuidString)"
    try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let files = SnapshotFiles(directory: dir)
    var encode = Samples(), save = Samples(), load = Samples(), decode = Samples(), rebuild = Samples()
    var size = 0
    for _ in 0..<3 {
        var bytes: [UInt8] = []
        encode.time { bytes = SnapshotCodec.encode(farm.state) }
        size = bytes.count
        save.time { try! files.save(bytes) }
        load.time {
            let state = try! files.load(backups: 0).state!
            _ = Farm(restoring: consume state, now: 100)
        }
        let raw = files.readFile(files.mainPath)!
        var decoded: FarmState?
        decode.time { decoded = try! SnapshotCodec.decode(raw) }
        let state = decoded!
        decoded = nil
        rebuild.time { _ = Farm(restoring: consume state, now: 100) }
    }
    print("| encode | write+fsync | load (read+decode+rebuild) | decode | rebuild | file size |")
    print("|---|---|---|---|---|---|")
    print("| \(ms(encode.median)) | \(ms(save.median)) | \(ms(load.median)) | \(ms(decode.median)) | \(ms(rebuild.median)) | \(size / 1_000_000) MB (\(size / count) B/job) |")
}

/// Writes `DIR/master_db` holding a tree farm of `count` jobs plus a "live" group of
/// `workers` jobs handed to workers `bench-0`…; prints the first live job id.
func makeDatabase(directory: String, count: Int, workers: Int) {
    var farm = makeFarm(.tree, count: count)
    var group = NewJob()
    group.title = "live"
    group.priority = 2000
    let live = farm.submit(.addJob(group, parent: .id(0), requester: "", id: nil), now: 0).addedID
    var spec = NewJob()
    spec.command = "render"
    var first = -1
    for i in 0..<workers {
        spec.title = "live \(i)"
        let id = farm.submit(.addJob(spec, parent: .id(live), requester: "", id: nil), now: 0).addedID
        if i == 0 { first = id }
    }
    let now = Date().timeIntervalSince1970
    for k in 0..<workers { farm.submit(.pickJob(WorkerReport(name: "bench-\(k)"), choice: nil), now: now) }
    try! SnapshotFiles(directory: directory).save(SnapshotCodec.encode(farm.state))
    print(first)
}

let args = CommandLine.arguments
if args.count > 4 && args[1] == "makedb" {
    makeDatabase(directory: args[2], count: Int(args[3])!, workers: Int(args[4])!)
    exit(0)
}
if args.count > 3 && args[1] == "makejournal" {
    makeJournal(directory: args[2], count: Int(args[3])!)
    exit(0)
}
if args.count > 2 && args[1] == "importv3" {
    benchImportV3(path: args[2], runs: args.count > 3 ? Int(args[3]) ?? 5 : 5)
    exit(0)
}
let what = args.count > 1 ? args[1] : "all"
let maxJobs = args.count > 2 ? Int(args[2]) ?? 1_000_000 : 1_000_000
if what == "pick" || what == "all" { benchPick(maxJobs: maxJobs) }
if what == "snapshot" || what == "all" { benchSnapshot(maxJobs: maxJobs) }
if what == "rules" || what == "all" { benchRules(maxJobs: maxJobs, picks: args.count > 3 ? Int(args[3]) ?? 2000 : 2000) }
if what == "reservation" || what == "all" { benchReservationPick(maxJobs: maxJobs) }

extension Farm {
    /// One change through the farm's door, as the server applies it.
    @discardableResult
    mutating func submit(_ change: FarmChange, now: Double) -> OperationResult {
        if timeoutPassDue(at: now) { _ = apply(FarmOperation(time: now, change: .timeoutPass)) }
        return apply(FarmOperation(time: now, change: change)).result
    }
}
