import ArgumentParser
import CoalitionConfig
import CoalitionCore
import CoalitionStore
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// `coalition server`: the job manager.
public struct ServerCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "server",
        abstract: "Run the Coalition job server.",
        discussion: """
        Reads [server] from coalition.ini in the data directory (or --config), keeps its state in \
        master_db there, job output in logs/, and serves the web UI from public_html/.
        """
    )

    @Option(name: [.short, .long], help: "HTTP and UDP discovery port (default: [server] port, else 19211).")
    var port: Int?

    @Option(name: .long, help: "Address to listen on.")
    var host: String = "0.0.0.0"

    @Flag(name: [.short, .long], help: "Debug logging.")
    var verbose = false

    @Option(name: .long, help: "Configuration file (default: coalition.ini in the data directory).")
    var config: String?

    @Option(name: .long, help: "Directory for master_db, its backups and logs/ (default: current directory).")
    var dataDir: String?

    @Option(name: .long, help: "Directory of the web UI (default: public_html in the current directory).")
    var webRoot: String?

    @Option(name: .long, help: "Also append the server's log to this file (default: [server] logfile).")
    var logFile: String?

    @Flag(name: .long, help: "Check the configuration and the data directory, then exit 0 (usable) or 1, without starting.")
    var check = false

    @Option(name: .customLong("import-v3"), help: ArgumentHelp(
        "Import an original Coalition master_db from FILE (left untouched) into the data directory, which must not have a master_db yet, then serve it.",
        valueName: "FILE"))
    var importV3: String?

    public init() {}

    public func run() async throws {
        let cwd = FileManager.default.currentDirectoryPath
        let webRoot = absolute(self.webRoot ?? "public_html", from: cwd)
        let configPath = config.map { absolute($0, from: cwd) }
        let logFileOption = logFile.map { absolute($0, from: cwd) }
        let importPath = importV3.map { absolute($0, from: cwd) }
        if let dir = dataDir {
            guard FileManager.default.changeCurrentDirectoryPath(dir) else {
                throw fail("cannot use data directory \(dir)")
            }
        }
        let dataDirectory = FileManager.default.currentDirectoryPath

        let iniPath = configPath ?? dataDirectory + "/coalition.ini"
        let configuration: ServerConfiguration.Loaded
        do { configuration = try ServerConfiguration.load(path: iniPath, explicit: configPath != nil) } catch {
            throw fail("configuration: \(error)")
        }
        var settings = configuration.settings
        if let p = port {
            guard (1...65535).contains(p) else { throw fail("port \(p) is not a port number") }
            settings.port = p
        }
        if verbose { settings.verbose = true }
        let logFilePath = logFileOption ?? (settings.logFile.isEmpty ? nil : absolute(settings.logFile, from: dataDirectory))

        if check {
            let outcome = StartupCheck.run(dataDirectory: dataDirectory, logFile: logFilePath,
                                           settings: settings.farmSettings)
            if let problem = outcome.problem { throw fail("check failed: \(problem)") }
            let remarks = configuration.warnings + outcome.notes
            let warned = remarks.isEmpty ? "" : " (\(remarks.count) warnings: " + remarks.joined(separator: "; ") + ")"
            print("coalition server: configuration and data directory OK\(warned)")
            return
        }

        let logger = try makeLogger(verbose: settings.verbose, file: logFilePath)
        let events = EventLog(logger: Logger(label: "coalition.event"))
        for warning in configuration.warnings { events.configWarning("coalition.ini " + warning) }

        // The port is bound before the state loads; see `StartupGate` for what is answered meanwhile.
        let gate = StartupGate()
        let (bound, boundSignal) = AsyncStream<Void>.makeStream()
        let app = Application(
            responder: GatedResponder(gate: gate),
            server: .http1(configuration: .init(additionalChannelHandlers: [DirectLaneHandler(gate: gate)])),
            configuration: .init(address: .hostname(host, port: settings.port), serverName: nil, backlog: 1024),
            onServerRunning: { _ in boundSignal.yield() },
            logger: logger
        )
        let serviceGroup = ServiceGroup(services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        let serving = Task { () -> String? in
            defer { boundSignal.finish() }
            do { try await serviceGroup.run() } catch { return "\(error)" }
            return nil
        }
        var isBound = false
        for await _ in bound { isBound = true; break }
        guard isBound else {
            gate.fail()
            throw fail("cannot listen on \(host):\(settings.port): \(await serving.value ?? "stopped before binding")")
        }
        func abandon(_ message: String) async -> ExitCode {
            gate.fail()
            await serviceGroup.triggerGracefulShutdown()
            _ = await serving.value
            return fail(message)
        }

        // Start-up messages about the database go to the log whatever the verbosity.
        let files = SnapshotFiles(directory: dataDirectory)
        let journalDirectory = JournalDirectory(dataDirectory: dataDirectory)
        let started = Date()
        var recovered = Recovery.Outcome(lastSequence: 0, replayed: 0, messages: [])
        let farm: Farm
        do {
            farm = try Recovery.load(files: files, journal: journalDirectory, backups: settings.backupMax,
                                     importV3: importPath, settings: settings.farmSettings,
                                     now: started.timeIntervalSince1970, outcome: &recovered)
        } catch {
            throw await abandon("cannot start: \(error)")
        }
        for line in recovered.messages { logger.warning("\(line)") }
        let loadMilliseconds = Int(Date().timeIntervalSince(started) * 1000)
        logger.info("loaded \(farm.state.jobs.count - 1) jobs, \(farm.state.workers.count) workers (\(recovered.replayed) journal records) in \(loadMilliseconds) ms (\(recovered.phases.summary))")

        let metrics = FarmMetrics()
        let journal: JournalWriter?
        let journalStatistics = JournalStatistics { commit in
            metrics.recordCommit(commit)
            events.journalFlushed(commit)
        }
        if settings.journal == .off {
            journal = nil
        } else {
            do {
                journal = try JournalWriter(directory: journalDirectory, mode: settings.journal,
                                            lastSequence: recovered.lastSequence, logger: logger,
                                            statistics: journalStatistics)
            } catch {
                throw await abandon("cannot write the journal in \(journalDirectory.path): \(error)")
            }
        }
        let startRevision = farm.revision
        let logs = LogStore(directory: dataDirectory + "/logs")
        let service = FarmService(farm: consume farm, journal: journal, journalDirectory: journalDirectory,
                                  recoveredSequence: recovered.lastSequence, logs: logs,
                                  notifier: Notifier(logger: logger, smtp: settings.smtp),
                                  events: events, metrics: metrics)
        // After a replay the snapshot is behind: save soon, which also cuts the journal.
        let saver = Saver(service: service, files: files, settings: settings, logger: logger,
                          journal: journal == nil ? nil : journalStatistics,
                          savedRevision: recovered.replayed > 0 ? nil : startRevision)

        let tokens: JobTokens
        do { tokens = JobTokens(secret: try JobTokens.loadSecret(at: dataDirectory + "/secret")) } catch {
            throw await abandon("cannot start: \(error)")
        }

        let udp: any Channel
        do {
            udp = try await DiscoveryResponder.start(host: host, port: settings.port)
        } catch {
            throw await abandon("cannot listen for discovery on UDP \(host):\(settings.port): \(error)")
        }
        let routes = Routes(json: JSONAPI(service: service, logs: logs), workers: WorkerAPI(service: service, tokens: tokens),
                            files: WebFiles(root: webRoot), bodyLimit: settings.maxBodySize,
                            authenticator: settings.ldapHost.isEmpty ? nil :
                                LDAPAuthenticator(host: settings.ldapHost, template: settings.ldapTemplate,
                                                  trusted: settings.trustedUsers),
                            presets: PresetAPI(service: service, library: settings.presetLibrary(webRoot: webRoot)),
                            jobProgress: JobProgressAPI(service: service, tokens: tokens),
                            serveMetrics: settings.metrics)
        gate.open(routes.build().buildResponder(),
                  lane: DirectLane(workers: routes.workers, json: routes.authenticator == nil ? routes.json : nil,
                                   staticFiles: routes.authenticator == nil ? StaticFileCache(files: routes.files.confinement) : nil,
                                   bodyLimit: settings.maxBodySize,
                                   metrics: service.metrics, events: events))
        let saving = Task { await saver.run() }
        let pushing = Task { await service.changes.run() }
        logger.info("coalition server on http://\(host):\(settings.port) (data: \(dataDirectory), web: \(webRoot))")
        if let error = await serving.value {
            saving.cancel()
            pushing.cancel()
            try? await udp.close()
            throw fail("server stopped: \(error)")
        }
        saving.cancel()
        pushing.cancel()
        service.changes.closeAll()
        try? await udp.close()
        let saved = await saver.saveIfChanged()
        service.closeJournal()
        await saver.logJournalFigures()
        logger.info(saved ? "state saved, bye" : "final save FAILED")
        if !saved { throw ExitCode(1) }
    }

    private func absolute(_ path: String, from base: String) -> String {
        path.hasPrefix("/") ? path : base + "/" + path
    }

    private func fail(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("coalition server: \(message)\n".utf8))
        return ExitCode(1)
    }

    /// Every log line goes to standard error and, when set, to the log file too.
    private func makeLogger(verbose: Bool, file: String?) throws -> Logger {
        var descriptors: [Int32] = [2]
        if let path = file {
            let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw fail("cannot open log file \(path): \(String(cString: strerror(errno)))") }
            descriptors.append(fd)
        }
        let sinks = LineLogHandler.Sinks(descriptors: descriptors)
        let level: Logger.Level = verbose ? .debug : .info
        LoggingSystem.bootstrap { label in LineLogHandler(label: label, sinks: sinks, level: level) }
        var logger = Logger(label: "coalition")
        logger.logLevel = level
        return logger
    }
}
