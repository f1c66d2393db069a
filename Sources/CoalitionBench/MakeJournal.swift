import CoalitionCore
import CoalitionStore
import Foundation

/// Appends `count` journal records after `DIR/master_db` (which must hold no journal
/// records yet), as a farm under load writes them: a third adds, a third picks, a third
/// ends, so a start-up benchmark replays a realistic mix.
func makeJournal(directory: String, count: Int) {
    let files = SnapshotFiles(directory: directory)
    let (state, sequence) = try! SnapshotCodec.decodeWithSequence(files.readFile(files.mainPath)!)
    var farm = Farm(restoring: state, now: 0)
    var group = NewJob()
    group.title = "journal bench"
    var records: [FarmOperation] = []
    let now = Date().timeIntervalSince1970
    func run(_ change: FarmChange) -> OperationResult {
        let applied = farm.apply(FarmOperation(time: now, change: change))
        records += applied.records
        return applied.result
    }
    let parent = run(.addJob(group, parent: .id(0), requester: "", id: nil)).addedID
    var spec = NewJob()
    spec.command = "render"
    var running: [(String, JobID)] = []
    var k = 0
    while records.count < count {
        spec.title = "frame \(k)"
        _ = run(.addJob(spec, parent: .id(parent), requester: "", id: nil))
        let worker = "jw-\(k % 500)"
        if let a = run(.pickJob(WorkerReport(name: worker), choice: nil)).assignment { running.append((worker, a.id)) }
        if running.count > 400 {
            let (w, id) = running.removeFirst()
            _ = run(.endJob(WorkerReport(name: w), job: id, exitCode: 0))
        }
        k += 1
    }
    let journal = JournalDirectory(dataDirectory: directory)
    try! journal.create()
    var bytes = JournalFormat.header()
    for (i, record) in records.prefix(count).enumerated() {
        JournalFormat.appendRecord(record, sequence: sequence + 1 + UInt64(i), to: &bytes)
    }
    guard FileManager.default.createFile(atPath: journal.segmentPath(firstSequence: sequence + 1), contents: Data(bytes)) else {
        fatalError("cannot write the journal segment in \(journal.path)")
    }
    print("\(min(count, records.count)) records, \(bytes.count) bytes")
}
