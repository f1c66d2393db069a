import ArgumentParser
import CoalitionConfig
import CoalitionCore
import CoalitionStore
import Foundation
import Hummingbird
import Logging
import NIOCore

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

    @Option(name: .long, help: "Append the server's log to this file instead of standard error.")
    var logFile: String?

    @Option(name: .customLong("import-v3"), help: ArgumentHelp(
        "Import an original Coalition master_db from FILE (left untouched) into the data directory, which must not have a master_db yet, then serve it.",
        valueName: "FILE"))
    var importV3: String?

    public init() {}

    public func run() async throws {
        let cwd = FileManager.default.currentDirectoryPath
        let webRoot = absolute(self.webRoot ?? "public_html", from: cwd)
        let configPath = config.map { absolute($0, from: cwd) }
        let importPath = importV3.map { absolute($0, from: cwd) }
        if let dir = dataDir {
            guard FileManager.default.changeCurrentDirectoryPath(dir) else {
                throw fail("cannot use data directory \(dir)")
            }
        }
        let dataDirectory = FileManager.default.currentDirectoryPath

        var settings = ServerSettings()
        let iniPath = configPath ?? dataDirectory + "/coalition.ini"
        if let text = try? String(contentsOfFile: iniPath, encoding: .utf8) {
            let ini = IniFile(text: text)
            for warning in ini.warnings { FileHandle.standardError.write(Data("coalition.ini: \(warning)\n".utf8)) }
            do { settings = try ServerSettings(ini: ini) } catch { throw fail("coalition.ini: \(error)") }
        } else if configPath != nil {
            throw fail("cannot read \(iniPath)")
        }
        if let p = port {
            guard (1...65535).contains(p) else { throw fail("port \(p) is not a port number") }
            settings.port = p
        }
        if verbose { settings.verbose = true }

        let logger = makeLogger(verbose: settings.verbose)

        // Start-up messages about the database go to stderr whatever the verbosity.
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
            throw fail("cannot start: \(error)")
        }
        for line in recovered.messages { FileHandle.standardError.write(Data((line + "\n").utf8)) }
        let loadMilliseconds = Int(Date().timeIntervalSince(started) * 1000)
        logger.info("loaded \(farm.state.jobs.count - 1) jobs, \(farm.state.workers.count) workers (\(recovered.replayed) journal records) in \(loadMilliseconds) ms")

        let journal: JournalWriter?
        let journalStatistics = JournalStatistics()
        if settings.journal == .off {
            journal = nil
        } else {
            do {
                journal = try JournalWriter(directory: journalDirectory, mode: settings.journal,
                                            lastSequence: recovered.lastSequence, logger: logger,
                                            statistics: journalStatistics)
            } catch {
                throw fail("cannot write the journal in \(journalDirectory.path): \(error)")
            }
        }
        let startRevision = farm.revision
        let logs = LogStore(directory: dataDirectory + "/logs")
        let service = FarmService(farm: consume farm, journal: journal, journalDirectory: journalDirectory,
                                  recoveredSequence: recovered.lastSequence, logs: logs,
                                  notifier: Notifier(logger: logger, smtp: settings.smtp))
        // After a replay the snapshot is behind: save soon, which also cuts the journal.
        let saver = Saver(service: service, files: files, settings: settings, logger: logger,
                          journal: journal == nil ? nil : journalStatistics,
                          savedRevision: recovered.replayed > 0 ? nil : startRevision)

        let tokens: JobTokens
        do { tokens = JobTokens(secret: try JobTokens.loadSecret(at: dataDirectory + "/secret")) } catch {
            throw fail("cannot start: \(error)")
        }

        let udp: any Channel
        do {
            udp = try await DiscoveryResponder.start(host: host, port: settings.port)
        } catch {
            throw fail("cannot listen for discovery on UDP \(host):\(settings.port): \(error)")
        }
        let routes = Routes(json: JSONAPI(service: service, logs: logs), workers: WorkerAPI(service: service, tokens: tokens),
                            files: WebFiles(root: webRoot), bodyLimit: settings.maxBodySize,
                            authenticator: settings.ldapHost.isEmpty ? nil :
                                LDAPAuthenticator(host: settings.ldapHost, template: settings.ldapTemplate,
                                                  trusted: settings.trustedUsers),
                            presets: PresetAPI(service: service, library: settings.presetLibrary(webRoot: webRoot)),
                            jobProgress: JobProgressAPI(service: service, tokens: tokens))
        let app = Application(
            router: routes.build(),
            configuration: .init(address: .hostname(host, port: settings.port), serverName: nil, backlog: 1024),
            logger: logger
        )
        let saving = Task { await saver.run() }
        let pushing = Task { await service.changes.run() }
        logger.info("coalition server on http://\(host):\(settings.port) (data: \(dataDirectory), web: \(webRoot))")
        do {
            try await app.runService()
        } catch {
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

    private func makeLogger(verbose: Bool) -> Logger {
        if let path = logFile {
            let fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
            if fd < 0 || dup2(fd, 2) < 0 {
                FileHandle.standardError.write(Data("coalition server: cannot open log file \(path)\n".utf8))
            }
        }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = verbose ? .debug : .info
            return handler
        }
        var logger = Logger(label: "coalition")
        logger.logLevel = verbose ? .debug : .info
        return logger
    }
}
