import CoalitionCore
import Foundation
import Testing
@testable import CoalitionStore

/// The fixture: a master_db written by the original v3 server (Tests/Fixtures/v3/make-fixture.sh).
enum V3Fixture {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/v3").path
    static let path = directory + "/master_db"
    static var bytes: [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            fatalError("missing fixture \(path)")
        }
        return [UInt8](data)
    }
}

@Suite struct V3ImportTests {
    func imported() throws -> (state: FarmState, report: V3ImportReport) {
        try V3Converter.convert(V3Fixture.bytes)
    }

    @Test func readsTheOriginalsLayout() throws {
        let db = try V3MasterDB.parse(V3Fixture.bytes)
        #expect(db.version == 8)
        #expect(db.jobCounter == 15)
        #expect(db.activityCounter == 5)
        #expect(db.jobs.count == 15)
        #expect(db.workers.count == 3)
        #expect(db.activities.count == 5)
    }

    @Test func keepsEveryJobAttribute() throws {
        let (state, report) = try imported()
        #expect(report.jobs == 14 && report.workers == 3 && report.activities == 5)
        #expect(state.nextJobID == 15)
        #expect(state.nextActivityID == 5)
        #expect(state.jobs[0]!.children == [1, 6, 9, 11])
        #expect(state.jobs[6]!.children == [7, 8, 12])
        #expect(state.jobs[12]!.parent == 6)

        let j11 = state.jobs[11]!
        #expect(j11.title == "Café 'quoted' \"both\"")
        #expect(j11.command == "echo \"hi\" \\\\ there")
        #expect(j11.environment == "A=1\\nB=two words")
        #expect(j11.url == "http://example.com/x")
        #expect(j11.user == "bob")
        #expect(j11.priority == 2000)
        #expect(j11.state == .finished)
        #expect(j11.worker == "w1")
        #expect(j11.tryCount == 1)
        #expect(j11.localProgressPattern == "PROGRESS:%percent")
        #expect(j11.globalProgressPattern == "GLOBAL:%one")
        #expect(j11.localProgress == 0.4)
        #expect(j11.globalProgress == 0.25)
        #expect(j11.duration > 0 && j11.startTime > 1e9)

        // The original stored the text "None" for "no environment".
        #expect(state.jobs[2]!.environment == nil)
        #expect(state.jobs[2]!.dir == "/shots")
        #expect(state.jobs[1]!.affinity == "linux")
        #expect(state.jobs[3]!.state == .error)
        #expect(state.jobs[3]!.retry == 1)
        #expect(state.jobs[3]!.priority == 999)
        #expect(state.jobs[4]!.state == .working)
        #expect(state.jobs[4]!.worker == "w2")
        #expect(state.jobs[4]!.timeOut == 0)
        #expect(state.jobs[5]!.timeOut == 3600)
        #expect(state.jobs[4]!.localProgress == 0.75)
        #expect(state.jobs[5]!.priority == 1500)
        #expect(state.jobs[5]!.url == "http://example.com/5")
        #expect(state.jobs[6]!.dependencies == [1])
        #expect(state.jobs[8]!.state == .paused)
        #expect(state.jobs[9]!.state == .paused)
        #expect(state.jobs[14]!.dependencies == [2, 3])
        #expect(state.jobs[10]!.user == "alice")
        // updatejobs stored Dependencies as the text typed: read as the numbers in it, and said so.
        #expect(state.jobs[7]!.dependencies == [2, 3])
        #expect(report.issues.keys.contains("job Dependencies: stored as text, read as the numbers in it"))
        #expect(report.issues.count == 1)
    }

    @Test func keepsWorkersAndActivities() throws {
        let (state, _) = try imported()
        let w1 = state.workers["w1"]!
        #expect(w1.affinity == "linux,gpu")
        #expect(w1.finished == 2 && w1.error == 1)
        #expect(w1.lastJob == 3)
        #expect(w1.ip == "127.0.0.1")
        #expect(w1.load == [12.5, 3.0])
        #expect(w1.freeMemory == 1000 && w1.totalMemory == 4000)
        #expect(state.workers["w2"]!.state == .working)
        #expect(state.workers["w2"]!.currentActivity == 3)
        #expect(state.workers["w3"]!.active == false)
        let a = state.activities[2]!
        #expect(a.worker == "w1" && a.jobID == 3 && a.jobTitle == "frame 2" && a.state == .error)
        #expect(state.activities[3]!.state == .working)
        #expect(state.activities[0]!.jobTitle == "Café 'quoted' \"both\"")
    }

    @Test func theFarmRebuildsAggregatesAndKeepsWorkingJobsWorking() throws {
        let (state, _) = try imported()
        let farm = Farm(restoring: state, now: 2e9)
        #expect(farm.job(4)!.state == .working)
        #expect(farm.job(1)!.state == .working)
        #expect(farm.job(1)!.tally.total == 4)
        #expect(farm.job(1)!.directFinished == 1 && farm.job(1)!.directErrors == 1 && farm.job(1)!.directWorking == 1)
        // Leaf counts, not the original's reload quirk that also counts sub-groups.
        #expect(farm.job(9)!.tally.total == 2)
        #expect(farm.job(9)!.state == .paused)
        #expect(farm.job(6)!.tally.finished == 1)
    }

    @Test func reportsWhatItCouldNotMap() throws {
        // A version-7 file by hand: an unknown attribute, a wrong type, a low counter, no URL.
        let text = "I7\n.I1\n.I0\n.(dp1\n.(dp1\nI0\n(i__main__\nJob\np2\n(dp3\nS'Children'\n(lp4\nI5\nasS'Order'\n"
            + "I0\nsS'Priority'\nS'high'\np5\nsbsI5\n(i__main__\nJob\np6\n(dp7\nS'Parent'\nI0\nsS'Title'\nS'x'\nsbs."
            + "(dp1\n."
        let (state, report) = try V3Converter.convert(Array(text.utf8))
        #expect(state.jobs[5]!.title == "x")
        #expect(state.jobs[0]!.priority == 1000)
        #expect(state.nextJobID == 6)
        #expect(report.issues["job attribute Order has no equivalent, ignored"]?.count == 1)
        #expect(report.issues["job Priority: str value replaced by 1000"]?.examples == ["job 0"])
        #expect(report.issues["job counter 1 raised above the highest job id"] != nil)
        #expect(report.lines.count == 1 + report.issues.count)
    }

    @Test func readsTheOlderVersions() throws {
        // Versions 5 and 6 have no activities.
        for version in [5, 6] {
            let text = "I\(version)\n.I1\n.(dp1\nI0\n(i__main__\nJob\np2\n(dp3\nS'Title'\nS'Root'\nsbs.(dp1\n."
            let (state, report) = try V3Converter.convert(Array(text.utf8))
            #expect(report.version == version)
            #expect(state.jobs.count == 1 && state.activities.isEmpty)
        }
    }

    // MARK: bad input

    @Test func refusesEveryTruncationOfTheFixture() {
        let bytes = V3Fixture.bytes
        for end in 0..<bytes.count {
            #expect(throws: V3ImportError.self, "cut at \(end)") { _ = try V3Converter.convert(Array(bytes[0..<end])) }
        }
    }

    @Test func refusesUnknownVersionsAndOtherLayouts() {
        for bad in ["I4\n.", "I9\n.", "I-1\n.", "I8\n.I1\n.I0\n.I99999\n.", "I8\n.S'x'\n.",
                    "I5\n.I1\n.(dp1\n.(dp1\n.trailing", "I5\n.I1\n.(dp1\n.(dp1\n.", "I5\n.I1\n.(lp1\n.(dp1\n."] {
            #expect(throws: V3ImportError.self, "\(bad.debugDescription)") { _ = try V3Converter.convert(Array(bad.utf8)) }
        }
        do {
            _ = try V3Converter.convert(Array("I9\n.".utf8))
        } catch {
            #expect(error.description.contains("version 9"))
        }
    }

    @Test func refusesClassesOtherThanTheOriginals() throws {
        // Only the class *name* is read, nothing is looked up; a non-Job entry is skipped and reported.
        let text = "I5\n.I1\n.(dp1\nI0\n(i__main__\nJob\n(dbsI1\n(ios\nsystem\n(dbs.(dp1\n."
        let (state, report) = try V3Converter.convert(Array(text.utf8))
        #expect(state.jobs.count == 1)
        #expect(report.issues["job entry holding a os.system skipped"]?.count == 1)
    }

    /// Random mutations of the fixture: every one ends in a state or an error, fast.
    @Test func fuzzMutationsOfTheFixture() {
        let original = V3Fixture.bytes
        var rng = SplitMix(seed: 0xC0A1)
        let alphabet = Array("()lLdsSVIFNtaibpg.0123456789'\\\n".utf8)
        let clock = ContinuousClock()
        let start = clock.now
        var accepted = 0
        for _ in 0..<3000 {
            var b = original
            for _ in 0..<(1 + Int(rng.next() % 4)) {
                let at = Int(rng.next() % UInt64(b.count))
                switch rng.next() % 4 {
                case 0: b[at] = alphabet[Int(rng.next() % UInt64(alphabet.count))]
                case 1: b[at] = UInt8(truncatingIfNeeded: rng.next())
                case 2: b.remove(at: at)
                default:
                    let len = min(b.count - at, Int(rng.next() % 64))
                    b.insert(contentsOf: b[at..<(at + len)], at: Int(rng.next() % UInt64(b.count)))
                }
            }
            if (try? V3Converter.convert(b)) != nil { accepted += 1 }
        }
        let elapsed = clock.now - start
        #expect(elapsed < .seconds(60), "3000 mutations took \(elapsed)")
        #expect(accepted < 3000)
    }
}

/// A small deterministic generator, so a failing fuzz case can be replayed.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Start-up on a data directory holding an original master_db.
@Suite struct V3ImportFileTests {
    func tempDir() -> String {
        let dir = NSTemporaryDirectory() + "v3import-" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
        try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func importsInPlaceAndKeepsTheOriginal() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let original = V3Fixture.bytes
        #expect(FileManager.default.createFile(atPath: dir + "/master_db", contents: Data(original)))
        let files = SnapshotFiles(directory: dir)
        let loaded = try files.load(backups: 3)
        #expect(loaded.state?.jobs.count == 15)
        #expect(loaded.messages.first?.contains("14 jobs, 3 workers, 5 activities") == true)
        #expect(files.readFile(dir + "/master_db.coalition-v3") == original)
        // master_db is ours now, and the next start loads it without importing again.
        let again = try files.load(backups: 3)
        #expect(again.messages.isEmpty)
        #expect(again.state?.jobs[11]?.title == "Café 'quoted' \"both\"")
        #expect(!FileManager.default.fileExists(atPath: dir + "/master_db.coalition-v3.1"))
    }

    @Test func aBadOriginalChangesNothingAndStopsStartUp() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let cut = Array(V3Fixture.bytes.prefix(3000))
        #expect(FileManager.default.createFile(atPath: dir + "/master_db", contents: Data(cut)))
        let files = SnapshotFiles(directory: dir)
        #expect(throws: SnapshotError.self) { _ = try files.load(backups: 3) }
        #expect(files.readFile(dir + "/master_db") == cut)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["master_db"])
    }

    @Test func importsAFileFromElsewhereIntoAnEmptyDirectory() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let files = SnapshotFiles(directory: dir)
        let loaded = try files.importV3(file: V3Fixture.path)
        #expect(loaded.state?.nextJobID == 15)
        #expect(files.readFile(dir + "/master_db.coalition-v3") == V3Fixture.bytes)
        #expect(try SnapshotCodec.decode(files.readFile(dir + "/master_db")!).jobs.count == 15)
        // Never over an existing farm.
        #expect(throws: SnapshotError.self) { _ = try files.importV3(file: V3Fixture.path) }
    }
}

/// A version-5 master_db written by the original v2 server (Tests/Fixtures/v2/make-fixture.sh),
/// compared with the original's own XML-RPC answers after it restarted on that file.
@Suite struct V2ImportTests {
    static let directory = V3Fixture.directory.replacingOccurrences(of: "/v3", with: "/v2")

    func answer(_ name: String) throws -> Any {
        let data = try #require(FileManager.default.contents(atPath: Self.directory + "/" + name))
        return try JSONSerialization.jsonObject(with: data)
    }

    @Test func everyJobAndWorkerMatchesTheOriginal() throws {
        let bytes = [UInt8](try #require(FileManager.default.contents(atPath: Self.directory + "/master_db")))
        let (state, report) = try V3Converter.convert(bytes)
        #expect(report.version == 5)
        #expect(report.issues["job attribute Order has no equivalent, ignored"]?.count == state.jobs.count)
        var seen = 0
        for group in [0, 1] {
            let table = try #require(try answer("getjobs-\(group).json") as? [String: Any])
            for row in try #require(table["Jobs"] as? [[String: Any]]) {
                let id = try #require(row["ID"] as? Int)
                let job = try #require(state.jobs[id])
                #expect(job.parent == row["Parent"] as? Int)
                #expect(job.children == row["Children"] as? [Int])
                #expect(job.title == row["Title"] as? String)
                #expect(job.command == row["Command"] as? String)
                #expect(job.dir == row["Dir"] as? String)
                #expect(job.state.rawValue == row["State"] as? String)
                #expect(job.worker == row["Worker"] as? String)
                #expect(job.priority == row["Priority"] as? Int)
                #expect(job.retry == row["Retry"] as? Int)
                #expect(job.timeOut == row["TimeOut"] as? Int)
                #expect(job.tryCount == row["Try"] as? Int)
                #expect(job.affinity == row["Affinity"] as? String)
                #expect(job.user == row["User"] as? String)
                #expect(job.dependencies == row["Dependencies"] as? [Int])
                // The original truncates StartTime to whole seconds when it loads a file.
                #expect(Int(job.startTime) == row["StartTime"] as? Int)
                seen += 1
            }
        }
        #expect(seen == state.jobs.count - 1)
        for row in try #require(try answer("getworkers.json") as? [[String: Any]]) {
            let name = try #require(row["Name"] as? String)
            let worker = try #require(state.workers[name])
            #expect(worker.state.rawValue == row["State"] as? String)
            #expect(worker.error == row["Error"] as? Int)
            #expect(worker.finished == row["Finished"] as? Int)
            #expect(worker.lastJob == row["LastJob"] as? Int)
            #expect(worker.active == row["Active"] as? Bool)
            let load = try #require(row["Load"] as? Int)
            #expect(worker.load == [Double(load)])
        }
        #expect(state.nextJobID == 5)
    }
}
