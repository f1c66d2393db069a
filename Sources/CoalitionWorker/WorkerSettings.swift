/// Everything a worker process runs with, after merging defaults, `coalition.ini` `[worker]`
/// and the command line (the command line wins).
public struct WorkerSettings: Equatable, Sendable {
    /// Server base URL (`http://host:port`), or nil to discover it by UDP broadcast.
    public var serverURL: String?
    /// Base name; loop k is called `<name>-<k>`.
    public var name: String
    /// Poll and heartbeat period in seconds.
    public var sleep: Double
    /// Number of independent worker loops.
    public var slots: Int
    /// Shell command run once at start, or empty.
    public var startup: String
    /// Log to the console (and echo job output) instead of the log file.
    public var verbose: Bool
    /// Let an unexpected error end its loop instead of restarting it.
    public var debug: Bool
    /// Run template with `__user__`, `__dir__`, `__cmd__`, or empty.
    public var runCommand: String
    /// The worker's own log file when not verbose.
    public var logFile: String
    /// Where discovery datagrams go.
    public var broadcast: String
    /// The port asked by discovery, and the port of the discovered server URL.
    public var discoveryPort: Int
    /// `-w auto`: one loop per processor of the capacity; jobs share the node by reservation.
    public var autoSlots = false
    /// `--cores`, `--memory` (MiB), `--gpus`: replace the measured capacity; nil = measured.
    public var cores: Int?
    public var memoryMB: Int?
    public var gpus: Int?
    /// When the node's user has priority (`nimby*` keys).
    public var nimby = NimbyPolicy.off
    /// Where running jobs are recorded and spooled; nil = the default for the name.
    public var stateDirectory: String?
    /// `--detach-jobs`: SIGTERM leaves running jobs running for the next worker process.
    public var detachJobs = false
    /// `--nimby-input FILE`: read the input-activity counter from FILE instead of /proc/interrupts.
    public var nimbyInputFile: String?

    /// Original defaults.
    public static func defaults(hostName: String) -> WorkerSettings {
        WorkerSettings(
            serverURL: nil, name: hostName, sleep: 2, slots: 1, startup: "", verbose: false, debug: false,
            runCommand: "", logFile: "./worker.log", broadcast: "255.255.255.255", discoveryPort: 19211)
    }
}

/// Values given on the command line; nil means "not given".
struct WorkerOverrides: Equatable, Sendable {
    var serverURL: String?
    var name: String?
    var sleep: Double?
    var workers: Int?
    var cpus: Int?
    var startup: String?
    var verbose = false
    var debug = false
    var broadcast: String?
    var discoveryPort: Int?
    var autoWorkers = false
    var cores: Int?
    var memory: Int?
    var gpus: Int?
    var nimby: String?
    var nimbyIdle: Double?
    var nimbySchedule: String?
    var nimbyAction: String?
    var stateDir: String?
    var detachJobs = false
    var nimbyInput: String?
}

/// A setting that cannot be used.
struct WorkerSettingsError: Error, CustomStringConvertible, Equatable {
    var description: String
}

extension WorkerSettings {
    /// Merges defaults, the `[worker]` section and the command line.
    ///
    /// Slot count: `workers` (ini, then `-w`), unless `cpus` is set (ini or `-c`, command line
    /// first) and positive: then slots = max(1, cpuCount / min(cpus, cpuCount)), i.e. as many
    /// loops as fit when each takes `cpus` processors.
    static func resolve(
        ini: WorkerIni, overrides: WorkerOverrides, hostName: String, cpuCount: Int
    ) throws(WorkerSettingsError) -> WorkerSettings {
        var settings = WorkerSettings.defaults(hostName: hostName)
        if let url = ini.string("serverUrl"), !url.isEmpty { settings.serverURL = url }
        if let name = ini.string("name"), !name.isEmpty { settings.name = name }
        if let sleep = ini.double("sleep") { settings.sleep = sleep }
        if let workers = ini.int("workers") { settings.slots = workers }
        if ini.string("workers")?.trimmingWhitespace().lowercased() == "auto" { settings.autoSlots = true }
        if let startup = ini.string("startup") { settings.startup = startup }
        if let verbose = ini.bool("verbose") { settings.verbose = verbose }
        if let run = ini.string("runcommand") { settings.runCommand = run }
        if let log = ini.string("logfile"), !log.isEmpty { settings.logFile = log }

        if let url = overrides.serverURL { settings.serverURL = url.isEmpty ? nil : url }
        if let name = overrides.name { settings.name = name }
        if let sleep = overrides.sleep { settings.sleep = sleep }
        if let workers = overrides.workers {
            settings.slots = workers
            settings.autoSlots = false
        }
        if overrides.autoWorkers { settings.autoSlots = true }
        if let startup = overrides.startup { settings.startup = startup }
        if overrides.verbose { settings.verbose = true }
        settings.debug = overrides.debug
        if let broadcast = overrides.broadcast { settings.broadcast = broadcast }
        if let port = overrides.discoveryPort { settings.discoveryPort = port }

        if let cpus = overrides.cpus ?? ini.int("cpus"), cpus > 0 {
            let available = max(1, cpuCount)
            settings.slots = max(1, available / min(cpus, available))
        }

        try resolveResources(&settings, ini: ini, overrides: overrides)
        try resolveNimby(&settings, ini: ini, overrides: overrides)
        if let directory = overrides.stateDir ?? ini.string("statedir"), !directory.isEmpty {
            settings.stateDirectory = directory
        }
        settings.detachJobs = overrides.detachJobs || ini.bool("detachjobs") == true
        settings.nimbyInputFile = overrides.nimbyInput

        if let url = settings.serverURL { settings.serverURL = try normalizedServerURL(url) }
        guard settings.sleep.isFinite, settings.sleep >= 0 else {
            throw WorkerSettingsError(description: "sleep must be a number of seconds >= 0, got \(settings.sleep)")
        }
        guard settings.slots >= 1, settings.slots <= 1024 else {
            throw WorkerSettingsError(description: "workers must be between 1 and 1024, got \(settings.slots)")
        }
        guard !settings.name.isEmpty else { throw WorkerSettingsError(description: "the worker name is empty") }
        guard (1...65535).contains(settings.discoveryPort) else {
            throw WorkerSettingsError(description: "discovery port must be 1-65535, got \(settings.discoveryPort)")
        }
        return settings
    }

    /// `http://host:port` without trailing slashes; a bare `host:port` gets `http://`.
    static func normalizedServerURL(_ text: String) throws(WorkerSettingsError) -> String {
        var url = text.trimmingWhitespace()
        while url.hasSuffix("/") { url.removeLast() }
        if url.hasPrefix("https://") {
            throw WorkerSettingsError(description: "unsupported server URL \(text): Coalition servers speak plain http")
        }
        if url.hasPrefix("http://") { url.removeFirst("http://".count) }
        guard !url.isEmpty, !url.contains("/"), !url.contains(" "), !url.contains("?") else {
            throw WorkerSettingsError(description: "invalid server URL \(text): expected http://host:port")
        }
        return "http://" + url
    }

    /// Loop names: `<name>-1` … `<name>-N` (the suffix is present even for one loop, as in v3).
    var slotNames: [String] { (1...slots).map { "\(name)-\($0)" } }
}

extension WorkerSettings {
    /// `cores`, `memory`, `gpus`: command line first, then `[worker]`; each a count >= 0.
    static func resolveResources(
        _ settings: inout WorkerSettings, ini: WorkerIni, overrides: WorkerOverrides
    ) throws(WorkerSettingsError) {
        func count(_ key: String, _ given: Int?) throws(WorkerSettingsError) -> Int? {
            if let given {
                guard given >= 0 else { throw WorkerSettingsError(description: "--\(key) must be a count >= 0, got \(given)") }
                return given
            }
            guard let text = ini.string(key)?.trimmingWhitespace(), !text.isEmpty else { return nil }
            guard let value = Int(text), value >= 0 else {
                throw WorkerSettingsError(description: "[worker] \(key)=\(text): expected a count >= 0")
            }
            return value
        }
        settings.cores = try count("cores", overrides.cores)
        settings.memoryMB = try count("memory", overrides.memory)
        settings.gpus = try count("gpus", overrides.gpus)
    }

    /// `nimby`, `nimbyidle`, `nimbyschedule`, `nimbyaction`. A NIMBY setting that cannot be read
    /// stops the worker with the faulty text (a node that guesses could take its user's machine).
    static func resolveNimby(
        _ settings: inout WorkerSettings, ini: WorkerIni, overrides: WorkerOverrides
    ) throws(WorkerSettingsError) {
        var policy = NimbyPolicy.off
        let modeText = (overrides.nimby ?? ini.string("nimby") ?? "off").trimmingWhitespace().lowercased()
        guard let mode = NimbyMode(rawValue: modeText.isEmpty ? "off" : modeText) else {
            throw WorkerSettingsError(description: "nimby=\(modeText): expected off, idle or schedule")
        }
        policy.mode = mode
        let actionText = (overrides.nimbyAction ?? ini.string("nimbyaction") ?? "finish").trimmingWhitespace().lowercased()
        guard let action = NimbyAction(rawValue: actionText.isEmpty ? "finish" : actionText) else {
            throw WorkerSettingsError(description: "nimbyaction=\(actionText): expected finish or requeue")
        }
        policy.action = action
        if let idle = overrides.nimbyIdle {
            policy.idleSeconds = idle
        } else if let text = ini.string("nimbyidle")?.trimmingWhitespace(), !text.isEmpty {
            guard let idle = Double(text) else {
                throw WorkerSettingsError(description: "nimbyidle=\(text): expected a number of seconds")
            }
            policy.idleSeconds = idle
        }
        guard policy.idleSeconds.isFinite, policy.idleSeconds >= 0 else {
            throw WorkerSettingsError(description: "nimbyidle must be a number of seconds >= 0, got \(policy.idleSeconds)")
        }
        if let text = overrides.nimbySchedule ?? ini.string("nimbyschedule"), !text.trimmingWhitespace().isEmpty {
            do {
                policy.schedule = try NimbySchedule(parsing: text)
            } catch {
                throw WorkerSettingsError(description: "\(error.description): nimbyschedule=\(text)")
            }
        }
        if mode == .schedule && policy.schedule == nil {
            throw WorkerSettingsError(description: "nimby=schedule needs nimbyschedule, e.g. 'mon-fri 20:00-08:00, sat-sun'")
        }
        settings.nimby = policy
    }
}
