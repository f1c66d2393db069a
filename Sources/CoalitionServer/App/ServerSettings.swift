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
    /// How changes are made durable before they are acknowledged (`journal`).
    var journal = JournalMode.fsync
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
    }

    /// Mail settings, nil when no `smtphost` is set (notifications are then only logged).
    var smtp: SMTPSettings? {
        smtpHost.isEmpty ? nil : SMTPSettings(host: smtpHost, port: smtpPort, startTLS: smtpTLS, sender: smtpSender,
                                              login: smtpLogin, password: smtpPassword)
    }

    /// What the model needs.
    var farmSettings: FarmSettings {
        var f = FarmSettings()
        f.timeout = timeout
        f.notifyAfter = notifyAfter
        f.decreasePriorityAfter = decreasePriorityAfter
        f.whitelist = whitelist
        f.ldapMode = !ldapHost.isEmpty
        f.activityDays = activityDays
        f.activityMax = activityMax
        return f
    }
}
