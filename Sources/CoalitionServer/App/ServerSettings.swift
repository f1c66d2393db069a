import CoalitionConfig
import CoalitionCore
import Foundation

/// Every `[server]` key of `coalition.ini` (reference 12.2), with the original defaults.
struct ServerSettings: Sendable {
    var port = 19211
    var timeout = 60.0
    var verbose = false
    var service = true
    var saveTime = 300.0
    /// Seconds after a change before it is saved (0 = only every `saveTime`): bounds what a
    /// crash can lose. Never more often than the last save's cost allows (see `Saver`).
    var saveDelay = 1.0
    var backupTime = 3600.0
    var backupMax = 24
    var notifyAfter = 10
    var decreasePriorityAfter = 10
    var smtpHost = ""
    var smtpPort = 587
    var smtpTLS = true
    var smtpSender = ""
    var smtpLogin = ""
    var smtpPassword = ""
    var ldapHost = ""
    var ldapTemplate = ""
    var trustedUsers: [String] = []
    var commandWhitelist = ""
    /// The compiled `commandwhitelist`, checked at start-up.
    var whitelist = CommandWhitelist()
    /// File the event log is appended to besides standard error (`logfile`; `--log-file` wins).
    var logFile = ""
    /// Whether `GET /metrics` is served (`metrics`).
    var metrics = true
    /// Largest accepted request body, bytes (`maxbodysize`, in MiB in the file).
    var maxBodySize = 128 << 20
    /// A studio's directory of render presets (relative to the data directory), read
    /// after the built-in `presets/` beside the web root.
    var presetsDir = ""
    /// Largest number of chunk jobs one submission may create.
    var maxChunks = 10_000
    /// Path prefixes the server sees as the render nodes do: a submitted output under one
    /// of them must be writable (comma- or line-separated).
    var sharedPaths: [String] = []
    /// How changes are made durable before they are acknowledged (`journal`).
    var journal = JournalMode.fsync
    /// Farm default of the per-job blocklist threshold (0 = off).
    var maxWorkerErrors = 0
    /// Consecutive failures of different jobs that make a worker SICK (0 = off).
    var sickAfter = 0
    /// Seconds a SICK worker gets no work.
    var sickTime = 600.0
    /// The `[limits]` section: `name = count`.
    var limits: [String: Int] = [:]
    /// Activities older than this many days are dropped (`activitydays`; 0 = kept forever).
    var activityDays = 30.0
    /// At most this many activities are kept (`activitymax`; 0 = no limit).
    var activityMax = 1_000_000

    init() {}

    /// Every key `[server]` understands; any other one is reported as a warning.
    static let knownKeys: Set<String> = [
        "port", "timeout", "verbose", "service", "savetime", "savedelay", "backuptime", "backupmax",
        "notifyafter", "decreasepriorityafter", "smtphost", "smtpport", "smtptls", "smtpsender", "smtplogin",
        "smtppasswd", "ldaphost", "ldaptemplate", "trustedusers", "commandwhitelist", "maxbodysize",
        "logfile", "metrics", "journal", "activitydays", "activitymax",
    ]

    /// Reads `[server]`; an invalid value is an error naming the key.
    init(ini: IniFile) throws(ConfigError) {
        let s = "server"
        port = try ini.integer(s, "port", default: port)
        timeout = try ini.number(s, "timeout", default: timeout)
        verbose = try ini.flag(s, "verbose", default: verbose)
        service = try ini.flag(s, "service", default: service)
        saveTime = try ini.number(s, "savetime", default: saveTime)
        saveDelay = try ini.number(s, "savedelay", default: saveDelay)
        backupTime = try ini.number(s, "backuptime", default: backupTime)
        backupMax = try ini.integer(s, "backupmax", default: backupMax)
        notifyAfter = try ini.integer(s, "notifyafter", default: notifyAfter)
        decreasePriorityAfter = try ini.integer(s, "decreasepriorityafter", default: decreasePriorityAfter)
        smtpHost = ini.text(s, "smtphost")
        smtpPort = try ini.integer(s, "smtpport", default: smtpPort)
        smtpTLS = try ini.flag(s, "smtptls", default: smtpTLS)
        smtpSender = ini.text(s, "smtpsender")
        smtpLogin = ini.text(s, "smtplogin")
        smtpPassword = ini.text(s, "smtppasswd")
        ldapHost = ini.text(s, "ldaphost")
        ldapTemplate = ini.text(s, "ldaptemplate")
        trustedUsers = ini.text(s, "trustedusers").split(separator: "\n").map { String($0) }.filter { !$0.isEmpty }
        commandWhitelist = ini.text(s, "commandwhitelist")
        maxBodySize = try ini.integer(s, "maxbodysize", default: maxBodySize >> 20) << 20
        presetsDir = ini.text(s, "presetsdir")
        maxChunks = try ini.integer(s, "maxchunks", default: maxChunks)
        sharedPaths = ini.text(s, "sharedpaths").split(whereSeparator: { $0 == "\n" || $0 == "," })
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        logFile = ini.text(s, "logfile").trimmingCharacters(in: .whitespaces)
        metrics = try ini.flag(s, "metrics", default: metrics)
        do { whitelist = try CommandWhitelist(validating: commandWhitelist) } catch {
            throw ConfigError("[server] commandwhitelist: \(error)")
        }
        let journalText = ini.text(s, "journal", default: journal.rawValue).lowercased()
        guard let mode = JournalMode(rawValue: journalText) else {
            throw ConfigError("[server] journal=\(journalText): must be fsync, write or off")
        }
        journal = mode
        maxWorkerErrors = try ini.integer(s, "maxworkererrors", default: maxWorkerErrors)
        sickAfter = try ini.integer(s, "sickafter", default: sickAfter)
        sickTime = try ini.number(s, "sicktime", default: sickTime)
        guard maxWorkerErrors >= 0 else { throw ConfigError("[server] maxworkererrors=\(maxWorkerErrors): must not be negative") }
        guard sickAfter >= 0 else { throw ConfigError("[server] sickafter=\(sickAfter): must not be negative") }
        guard sickTime >= 0 else { throw ConfigError("[server] sicktime=\(sickTime): must not be negative") }
        for key in (ini.sections["limits"] ?? [:]).keys.sorted() {
            let count = try ini.integer("limits", key, default: 0)
            guard count >= 0, !key.contains(",") else { throw ConfigError("[limits] \(key)=\(count): must be a name without commas and a count of at least 0") }
            limits[key] = count
        }
        activityDays = try ini.number(s, "activitydays", default: activityDays)
        activityMax = try ini.integer(s, "activitymax", default: activityMax)
        guard activityDays >= 0 else { throw ConfigError("[server] activitydays=\(activityDays): must not be negative") }
        guard activityMax >= 0 else { throw ConfigError("[server] activitymax=\(activityMax): must not be negative") }
        guard (1...65535).contains(port) else { throw ConfigError("[server] port=\(port): not a port number") }
        guard timeout > 0 else { throw ConfigError("[server] timeout=\(timeout): must be positive") }
        guard saveTime > 0 else { throw ConfigError("[server] savetime=\(saveTime): must be positive") }
        guard saveDelay >= 0 else { throw ConfigError("[server] savedelay=\(saveDelay): must not be negative") }
        guard backupTime >= 0 else { throw ConfigError("[server] backuptime=\(backupTime): must not be negative") }
        guard backupMax >= 0 else { throw ConfigError("[server] backupmax=\(backupMax): must not be negative") }
        guard maxBodySize >= 1 << 20 else { throw ConfigError("[server] maxbodysize: at least 1 (MiB)") }
        guard maxChunks >= 1 else { throw ConfigError("[server] maxchunks=\(maxChunks): at least 1") }
    }

    /// Mail settings, nil when no `smtphost` is set (notifications are then only logged).
    var smtp: SMTPSettings? {
        smtpHost.isEmpty ? nil : SMTPSettings(host: smtpHost, port: smtpPort, startTLS: smtpTLS, sender: smtpSender,
                                              login: smtpLogin, password: smtpPassword)
    }

    /// The preset directories and limits. Called after the server moved into its data
    /// directory, so a relative `presetsdir` is taken from there.
    func presetLibrary(webRoot: String) -> PresetLibrary {
        var directories = [PresetLibrary.builtinDirectory(webRoot: webRoot)]
        if !presetsDir.isEmpty {
            directories.append(presetsDir.hasPrefix("/") ? presetsDir : FileManager.default.currentDirectoryPath + "/" + presetsDir)
        }
        return PresetLibrary(directories: directories, maximumChunks: maxChunks, sharedPaths: sharedPaths)
    }

    /// What the model needs.
    var farmSettings: FarmSettings {
        var f = FarmSettings()
        f.timeout = timeout
        f.notifyAfter = notifyAfter
        f.decreasePriorityAfter = decreasePriorityAfter
        f.whitelist = whitelist
        f.ldapMode = !ldapHost.isEmpty
        f.maxWorkerErrors = maxWorkerErrors
        f.sickAfter = sickAfter
        f.sickTime = sickTime
        f.limits = limits
        f.activityDays = activityDays
        f.activityMax = activityMax
        return f
    }
}
