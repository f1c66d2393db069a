@testable import CoalitionWorker
import Testing

@Suite struct WorkerSettingsTests {
    @Test func originalDefaults() throws {
        let settings = try WorkerSettings.resolve(ini: WorkerIni(), overrides: WorkerOverrides(), hostName: "node7", cpuCount: 8)
        #expect(settings == WorkerSettings.defaults(hostName: "node7"))
        #expect(settings.sleep == 2)
        #expect(settings.slots == 1)
        #expect(settings.logFile == "./worker.log")
        #expect(settings.serverURL == nil)
        #expect(settings.slotNames == ["node7-1"])
    }

    @Test func iniKeysAreRead() throws {
        let ini = WorkerIni(text: """
            [server]
            port=1234
            [worker]
            serverUrl = http://farm:19211/
            Workers=3
            name: render
            sleep=5
            startup=mount -a ; comment
            verbose=1
            runcommand=sudo -u __user__ -E -- sh -c 'cd __dir__; __cmd__'
            logfile=/var/log/w.log
            """)
        let s = try WorkerSettings.resolve(ini: ini, overrides: WorkerOverrides(), hostName: "h", cpuCount: 4)
        #expect(s.serverURL == "http://farm:19211")
        #expect(s.slots == 3)
        #expect(s.name == "render")
        #expect(s.sleep == 5)
        #expect(s.startup == "mount -a")
        #expect(s.verbose)
        #expect(s.runCommand == "sudo -u __user__ -E -- sh -c 'cd __dir__; __cmd__'")
        #expect(s.logFile == "/var/log/w.log")
        #expect(s.slotNames == ["render-1", "render-2", "render-3"])
    }

    @Test func commandLineWins() throws {
        let ini = WorkerIni(values: ["serverUrl": "http://a:1", "workers": "3", "name": "ini", "sleep": "9"])
        var overrides = WorkerOverrides()
        overrides.serverURL = "b:2"
        overrides.workers = 2
        overrides.name = "cli"
        overrides.sleep = 0.5
        let s = try WorkerSettings.resolve(ini: ini, overrides: overrides, hostName: "h", cpuCount: 4)
        #expect(s.serverURL == "http://b:2")
        #expect(s.slots == 2)
        #expect(s.name == "cli")
        #expect(s.sleep == 0.5)
    }

    @Test func unparsableIniValuesFallBackToDefaults() throws {
        let ini = WorkerIni(values: ["workers": "many", "sleep": "soon", "verbose": "yes"])
        let s = try WorkerSettings.resolve(ini: ini, overrides: WorkerOverrides(), hostName: "h", cpuCount: 4)
        #expect(s.slots == 1 && s.sleep == 2 && !s.verbose)
        #expect(ini.unusableValues.count == 3)
    }

    @Test(arguments: [(16, 4, 4), (16, 3, 5), (4, 8, 1), (1, 1, 1), (8, 0, 2)])
    func cpusDeriveTheSlotCount(cpuCount: Int, cpus: Int, expected: Int) throws {
        var overrides = WorkerOverrides()
        overrides.cpus = cpus
        overrides.workers = 2
        let s = try WorkerSettings.resolve(ini: WorkerIni(), overrides: overrides, hostName: "h", cpuCount: cpuCount)
        #expect(s.slots == expected)
    }

    @Test func badValuesAreRefused() {
        func resolve(_ change: (inout WorkerOverrides) -> Void) throws {
            var overrides = WorkerOverrides()
            change(&overrides)
            _ = try WorkerSettings.resolve(ini: WorkerIni(), overrides: overrides, hostName: "h", cpuCount: 2)
        }
        #expect(throws: WorkerSettingsError.self) { try resolve { $0.workers = 0 } }
        #expect(throws: WorkerSettingsError.self) { try resolve { $0.sleep = -1 } }
        #expect(throws: WorkerSettingsError.self) { try resolve { $0.sleep = .nan } }
        #expect(throws: WorkerSettingsError.self) { try resolve { $0.serverURL = "https://x:1" } }
        #expect(throws: WorkerSettingsError.self) { try resolve { $0.serverURL = "http://x:1/path" } }
        #expect(throws: WorkerSettingsError.self) { try resolve { $0.discoveryPort = 70000 } }
        #expect(throws: WorkerSettingsError.self) { try resolve { $0.name = "" } }
    }

    @Test func emptyUrlMeansDiscovery() throws {
        var overrides = WorkerOverrides()
        overrides.serverURL = ""
        let ini = WorkerIni(values: ["serverUrl": "http://a:1"])
        let s = try WorkerSettings.resolve(ini: ini, overrides: overrides, hostName: "h", cpuCount: 2)
        #expect(s.serverURL == nil)
    }
}
