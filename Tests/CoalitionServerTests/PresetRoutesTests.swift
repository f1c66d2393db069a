import CoalitionCore
import CoalitionStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
@testable import CoalitionServer

/// `/json/presets` and `/json/submit` through the router, with the repository's presets.
@Suite struct PresetRoutesTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    func makeApp(maximumChunks: Int = 10_000, whitelist: String = "") -> (some ApplicationProtocol, FarmService, String) {
        let dir = NSTemporaryDirectory() + "coalition-presets-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: dir + "/renders", withIntermediateDirectories: true)
        try! Data("blend".utf8).write(to: URL(fileURLWithPath: dir + "/shot.blend"))
        let logs = LogStore(directory: dir + "/logs")
        let logger = Logger(label: "test")
        let journal = JournalDirectory(dataDirectory: dir)
        let writer = try! JournalWriter(directory: journal, mode: .fsync, lastSequence: 0, logger: logger,
                                        statistics: JournalStatistics())
        var settings = FarmSettings()
        settings.whitelist = CommandWhitelist(parsing: whitelist)
        let service = FarmService(farm: Farm(settings: settings, now: 0), journal: writer, journalDirectory: journal,
                                  recoveredSequence: 0, logs: logs, notifier: Notifier(logger: logger, smtp: nil))
        let library = PresetLibrary(directories: [Self.repository + "/presets"], maximumChunks: maximumChunks, sharedPaths: [dir])
        let routes = Routes(json: JSONAPI(service: service, logs: logs), workers: WorkerAPI(service: service),
                            files: WebFiles(root: dir), bodyLimit: 1 << 20,
                            presets: PresetAPI(service: service, library: library))
        return (Application(router: routes.build(), logger: logger), service, dir)
    }

    func query(_ items: [(String, String)]) -> String {
        var c = URLComponents()
        c.queryItems = items.map { URLQueryItem(name: $0.0, value: $0.1) }
        return c.percentEncodedQuery!.replacingOccurrences(of: "+", with: "%2B").replacingOccurrences(of: ";", with: "%3B")
    }

    @Test func listsPresetsWithParameters() async throws {
        let (app, _, dir) = makeApp()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try await app.test(.router) { client in
            try await client.execute(uri: "/json/presets", method: .get) { r in
                #expect(r.status == .ok)
                let body = try JSONSerialization.jsonObject(with: Data(buffer: r.body)) as! [String: Any]
                let presets = body["presets"] as! [[String: Any]]
                #expect(presets.map { $0["name"] as! String } == ["aftereffects", "blender", "command", "ffmpeg", "unreal"])
                let blender = presets[1]
                let output = (blender["parameters"] as! [[String: Any]])[0]
                #expect(output["name"] as? String == "output")
                #expect(output["required"] as? Bool == true)
                #expect((body["problems"] as! [String]).isEmpty)
            }
        }
    }

    @Test func submitCreatesAParentAndOneChildPerChunk() async throws {
        let (app, service, dir) = makeApp()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try await app.test(.router) { client in
            let q = query([("preset", "blender"), ("file", dir + "/shot.blend"), ("frames", "1-25"), ("chunk", "10"),
                           ("param", "output=\(dir)/renders/f_####"), ("priority", "500"), ("affinity", "gpu")])
            try await client.execute(uri: "/json/submit?" + q, method: .get) { r in
                #expect(r.status == .ok)
                #expect(String(buffer: r.body) == "1")
            }
        }
        let (parent, children) = await service.read { farm, _ in
            (farm.state.jobs[1]!, farm.state.jobs[1]!.children.map { farm.state.jobs[$0]! })
        }
        #expect(parent.title == "shot.blend")
        #expect(parent.command == "")
        #expect(parent.priority == 500)
        #expect(children.map(\.title) == ["frames 1-10", "frames 11-20", "frames 21-25"])
        #expect(children[0].command == "blender -b \(dir)/shot.blend -o '\(dir)/renders/f_####' -s 1 -e 10 -j 1 -a")
        #expect(children[0].localProgressPattern == "Fra:%frame(1-10)")
        #expect(children.allSatisfy { $0.affinity == "gpu" && $0.priority == 500 })
    }

    @Test func dryRunQueuesNothing() async throws {
        let (app, service, dir) = makeApp()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try await app.test(.router) { client in
            let q = query([("preset", "blender"), ("file", dir + "/shot.blend"), ("frames", "1-3"), ("chunk", "2"),
                           ("param", "output=/r/f_"), ("dryrun", "1")])
            try await client.execute(uri: "/json/submit?" + q, method: .get) { r in
                #expect(r.status == .ok)
                let body = try JSONSerialization.jsonObject(with: Data(buffer: r.body)) as! [String: Any]
                #expect(body["title"] as? String == "shot.blend")
                #expect((body["jobs"] as! [[String: Any]]).map { $0["title"] as! String } == ["frames 1-2", "frame 3"])
            }
        }
        #expect(await service.read { farm, _ in farm.state.jobs.count } == 1)
    }

    static let refusalCases: [(items: [(String, String)], message: String)] = [
        ([("preset", "maya")], "error: unknown preset 'maya'"),
        ([("preset", "blender"), ("frames", "1-3")], "error: missing required parameter 'output'"),
        ([("preset", "blender"), ("frames", "1-3"), ("param", "output=/r/x"), ("param", "colour=red")],
         "error: unknown parameter 'colour' for preset blender"),
        ([("preset", "blender"), ("frames", "3-1"), ("param", "output=/r/x")], "error: frame range: '3-1' is reversed (first frame after last)"),
        ([("preset", "blender"), ("frames", ""), ("param", "output=/r/x")], "error: frame range: empty"),
        ([("preset", "blender"), ("frames", "1-20000"), ("chunk", "1"), ("param", "output=/r/x")],
         "error: 20000 chunks is more than the maximum of 10000 (maxchunks)"),
        ([("preset", "blender"), ("frames", "1"), ("param", "output=/r/x; rm -rf ~")],
         "error: parameter 'output' contains shell syntax ($ ` ; | & < > or a line break)"),
        ([("preset", "blender"), ("frames", "1"), ("param", "output=/r/x"), ("priority", "high")],
         "error: priority, retry and timeout must be whole numbers"),
        ([("preset", "blender"), ("frames", "1"), ("param", "output=/r/x"), ("parent", "999")], "error: parent job '999' not found"),
    ]

    @Test func refusals() async throws {
        for (items, message) in Self.refusalCases { try await refusal(items, message) }
    }

    func refusal(_ items: [(String, String)], _ message: String) async throws {
        let (app, service, dir) = makeApp()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try await app.test(.router) { client in
            let q = query([("file", dir + "/shot.blend")] + items)
            try await client.execute(uri: "/json/submit?" + q, method: .get) { r in
                #expect(r.status == .badRequest, "\(message)")
                #expect(String(buffer: r.body) == message)
            }
        }
        #expect(await service.read { farm, _ in farm.state.jobs.count } == 1)
    }

    @Test func missingFileAndUnwritableSharedOutput() async throws {
        let (app, service, dir) = makeApp()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try await app.test(.router) { client in
            let missing = query([("preset", "blender"), ("file", dir + "/nope.blend"), ("frames", "1"), ("param", "output=/r/x")])
            try await client.execute(uri: "/json/submit?" + missing, method: .get) { r in
                #expect(String(buffer: r.body) == "error: file not found: \(dir)/nope.blend")
            }
            let unwritable = query([("preset", "blender"), ("file", dir + "/shot.blend"), ("frames", "1"),
                                    ("param", "output=\(dir)/no/such/dir/f_####")])
            try await client.execute(uri: "/json/submit?" + unwritable, method: .get) { r in
                #expect(String(buffer: r.body) == "error: output directory is not writable: \(dir)/no/such/dir")
            }
        }
        #expect(await service.read { farm, _ in farm.state.jobs.count } == 1)
    }

    /// The group has no command: a white list that allows the chunks' commands accepts the
    /// submission; one that refuses them queues nothing. A plain addjob without a command
    /// is still refused under a white list, as in v3.
    @Test func whiteListChecksTheChunksNotTheGroup() async throws {
        let (app, service, dir) = makeApp(whitelist: "^blender -b \n")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try await app.test(.router) { client in
            let q = query([("preset", "blender"), ("file", dir + "/shot.blend"), ("frames", "1-4"), ("chunk", "2"),
                           ("param", "output=/r/f_####")])
            try await client.execute(uri: "/json/submit?" + q, method: .get) { r in
                #expect(String(buffer: r.body) == "1")
            }
            let ffmpeg = query([("preset", "command"), ("file", dir + "/shot.blend"), ("frames", "1-4"), ("chunk", "2"),
                                ("param", "command=echo {start}")])
            try await client.execute(uri: "/json/submit?" + ffmpeg, method: .get) { r in
                #expect(r.status == .badRequest)
                #expect(String(buffer: r.body).hasPrefix("error: command not allowed by the white list: echo"))
            }
            try await client.execute(uri: "/json/addjob?title=empty", method: .get) { r in
                #expect(String(buffer: r.body) == "-1")
            }
        }
        #expect(await service.read { farm, _ in farm.state.jobs.count } == 4)
    }

    @Test func tenThousandChunksInOneRequest() async throws {
        let (app, service, dir) = makeApp()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try await app.test(.router) { client in
            let q = query([("preset", "blender"), ("file", dir + "/shot.blend"), ("frames", "1-10000"), ("chunk", "1"),
                           ("param", "output=/r/f_####")])
            let clock = ContinuousClock()
            let start = clock.now
            try await client.execute(uri: "/json/submit?" + q, method: .get) { r in
                #expect(String(buffer: r.body) == "1")
            }
            let elapsed = clock.now - start
            print("submit of 10000 chunks: \(elapsed)")
            // Loose: a debug build on a loaded machine, with every other suite running at once.
            #expect(elapsed < .seconds(120))
        }
        #expect(await service.read { farm, _ in farm.state.jobs[1]!.children.count } == 10_000)
    }
}
