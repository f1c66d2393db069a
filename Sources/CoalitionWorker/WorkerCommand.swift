import ArgumentParser
import CoalitionClient
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `coalition worker [OPTIONS] [SERVER_URL]`: the render-node agent, a drop-in replacement for
/// the original `worker.py` (same options, same `[worker]` keys, same wire protocol).
public struct WorkerCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Run a render-node agent that takes jobs from a Coalition server.",
        discussion: """
            Without SERVER_URL (and without [worker] serverUrl in coalition.ini) the server is \
            found by UDP broadcast. Example: coalition worker -s 30 -v http://localhost:19211
            """
    )

    @Argument(help: "Server URL, http://host:port. Empty: find the server by UDP broadcast.")
    var serverURL: String?

    @Option(name: [.short, .long], help: "Worker name; loops are called NAME-1, NAME-2, … (default: host name).")
    var name: String?

    @Option(name: [.short, .long], help: "Seconds between two polls or heartbeats (default: 2).")
    var sleep: Double?

    @Option(name: [.short, .long], help: "Number of job loops to run, or 'auto': as many jobs at once as fit the node's capacity (default: 1).")
    var workers: String?

    @Option(name: [.short, .long], help: "Processors per loop: loops = max(1, host CPUs / CPUS); overrides --workers.")
    var cpus: Int?

    @Option(name: [.customShort("u"), .long], help: "Command run once at start.")
    var startup: String?

    @Flag(name: [.short, .long], help: "Log to the console (and echo job output) instead of the log file.")
    var verbose = false

    @Flag(name: [.short, .long], help: "An unexpected error ends its loop instead of restarting it.")
    var debug = false

    @Option(name: [.customShort("a"), .long], help: .hidden)
    var affinity: String?

    @Flag(name: [.customShort("i"), .long], help: .hidden)
    var install = false

    @Option(name: .long, help: "INI file to read the [worker] section from (default: ./coalition.ini).")
    var config: String?

    @Option(name: .long, help: "Address discovery datagrams are sent to (default: 255.255.255.255).")
    var broadcast: String?

    @Option(name: .long, help: "UDP port asked by discovery, also the port of the found server (default: 19211).")
    var discoveryPort: Int?

    @Option(name: .long, help: "Processors offered to reservations (default: those the worker may run on).")
    var cores: Int?

    @Option(name: .long, help: "Memory offered to reservations, in MiB (default: MemTotal).")
    var memory: Int?

    @Option(name: .long, help: "GPUs offered to reservations (default: those nvidia-smi lists).")
    var gpus: Int?

    @Option(name: .long, help: "off, idle or schedule: when the node's user has priority (default: off).")
    var nimby: String?

    @Option(name: .long, help: "With --nimby idle: seconds without keyboard or mouse input before the node works (default: 300).")
    var nimbyidle: Double?

    @Option(name: .long, help: "With --nimby schedule: when the node works, e.g. 'mon-fri 20:00-08:00, sat-sun'.")
    var nimbyschedule: String?

    @Option(name: .long, help: "finish or requeue: what happens to a running job when the user comes back (default: finish).")
    var nimbyaction: String?

    @Option(name: .long, help: "Directory for running jobs' records and output spools (default: ~/.local/state/coalition/worker-NAME).")
    var stateDir: String?

    @Flag(name: .long, help: "On SIGTERM, leave running jobs running; the next worker process takes them over.")
    var detachJobs = false

    @Option(name: .long, help: .hidden)
    var nimbyInput: String?

    public init() {}

    public func run() async throws {
        var settings = try resolveSettings()
        if !settings.verbose {
            do {
                try WorkerLog.redirectOutput(to: settings.logFile)
            } catch {
                throw ValidationError(error.description)
            }
        }
        let log = WorkerLog(verbose: settings.verbose)
        let (node, loops) = try prepareNode(settings: &settings, log: log)
        // Jobs create group-writable files, as with the original worker.
        umask(0o002)
        let stop = StopController()
        let signals = installSignalHandlers(stop: stop, log: log, detach: settings.detachJobs)
        defer { signals.forEach { $0.cancel() } }

        log.debug("--- Start ------------------------------------------------------------")
        log.info("Running with \(settings.slots) workers.")
        try await runStartup(settings.startup, log: log, verbose: settings.verbose)
        if stop.isRequested { return }

        let url: String
        if let configured = settings.serverURL {
            url = configured
        } else {
            do {
                url = try await discover(settings: settings, log: log, stop: stop)
            } catch DiscoveryError.cancelled where stop.isRequested {
                log.info("Worker stopped during discovery.")
                return
            }
        }
        let client = try FormClient(server: url, timeout: 60)
        log.info("Working... (server \(url))")

        let sampler = HostSampler()
        _ = sampler.sample()  // first sample: the next report measures from now
        await withTaskGroup(of: Void.self) { group in
            for plan in loops {
                let slot = WorkerSlot(
                    name: plan.name, settings: settings, client: client, log: log, sampler: sampler, stop: stop,
                    node: node, resume: plan.resume, resumeOnly: plan.resumeOnly)
                group.addTask { await slot.run() }
            }
        }
        log.info("Worker stopped.")
    }

    private func resolveSettings() throws -> WorkerSettings {
        let path = config ?? "coalition.ini"
        var ini = WorkerIni()
        if FileManager.default.fileExists(atPath: path) {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw ValidationError("cannot read \(path)")
            }
            ini = WorkerIni(text: text)
        } else if config != nil {
            throw ValidationError("configuration file not found: \(path)")
        }
        for warning in ini.warnings + ini.unusableValues {
            FileHandle.standardError.write(Data((warning + "\n").utf8))
        }
        var slotCount: Int?
        var auto = false
        if let workers {
            if workers.lowercased() == "auto" {
                auto = true
            } else if let count = Int(workers) {
                slotCount = count
            } else {
                throw ValidationError("--workers expects a number or 'auto', got \(workers)")
            }
        }
        let overrides = WorkerOverrides(
            serverURL: serverURL, name: name, sleep: sleep, workers: slotCount, cpus: cpus, startup: startup,
            verbose: verbose, debug: debug, broadcast: broadcast, discoveryPort: discoveryPort,
            autoWorkers: auto, cores: cores, memory: memory, gpus: gpus, nimby: nimby, nimbyIdle: nimbyidle,
            nimbySchedule: nimbyschedule, nimbyAction: nimbyaction, stateDir: stateDir, detachJobs: detachJobs,
            nimbyInput: nimbyInput)
        do {
            return try WorkerSettings.resolve(
                ini: ini, overrides: overrides, hostName: Self.hostName(), cpuCount: Self.cpuCount())
        } catch {
            throw ValidationError(error.description)
        }
    }

    private func runStartup(_ command: String, log: WorkerLog, verbose: Bool) async throws {
        log.info("Startup command is '\(command)'")
        guard !command.isEmpty else { return }
        let result: Result<Int32, SpawnError> = await runOnThread(name: "coalition-startup") {
            Result { () throws(SpawnError) -> Int32 in try Spawner.runToEnd(command, echo: verbose) }
        }
        switch result {
        case .success(let code): log.info("Startup command exited with code \(code)")
        case .failure(let error): log.info("Startup command could not run: \(error)")
        }
    }

    private func discover(settings: WorkerSettings, log: WorkerLog, stop: StopController) async throws -> String {
        let target = "\(settings.broadcast):\(settings.discoveryPort)"
        let task = Task {
            try await discoverServer(
                broadcast: settings.broadcast, port: settings.discoveryPort, timeout: nil,
                onAttempt: { _ in log.debug("Broadcast port \(settings.discoveryPort)") },
                onSendFailure: { reason in
                    log.infoUnlessRepeated("Discovery: cannot send to \(target): \(reason) (no route? give the server URL or --broadcast)")
                })
        }
        // A stop during discovery cancels it; nothing else is running yet.
        let watcher = Task {
            let wake = WakeSignal()
            stop.register(wake)
            defer { stop.unregister(wake) }
            while !stop.isRequested && !Task.isCancelled { await wake.wait(seconds: 3600) }
            task.cancel()
        }
        defer { watcher.cancel() }
        let url = try await task.value
        log.info("Server found at \(url)")
        return url
    }

    /// SIGINT and SIGTERM ask every loop to kill its job, report it and end; a second signal,
    /// or a shutdown taking longer than 60 s, ends the process at once.
    private func installSignalHandlers(stop: StopController, log: WorkerLog, detach: Bool) -> [any DispatchSourceSignal] {
        signal(SIGPIPE, SIG_IGN)
        return [Int32(SIGINT), Int32(SIGTERM)].map { (number: Int32) -> any DispatchSourceSignal in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                if stop.request() {
                    log.info("Signal \(number) received: stopping " + (detach
                        ? "(running jobs are left running for the next worker process)"
                        : "(jobs are killed and reported)"))
                    DispatchQueue.global().asyncAfter(deadline: .now() + 60) {
                        log.info("Shutdown took too long, exiting")
                        Glibc.exit(1)
                    }
                } else {
                    log.info("Second signal: exiting now")
                    Glibc.exit(1)
                }
            }
            source.resume()
            return source
        }
    }

    static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "worker" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? "worker" : name
    }

    static func cpuCount() -> Int {
        max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }
}
