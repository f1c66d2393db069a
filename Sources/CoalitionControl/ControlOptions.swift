/// Every option `coalition control` understands.
enum OptionKey: String, CaseIterable, Sendable {
    // Options of the original control.py.
    case command, directory, title, priority, retry, affinity, jobID, timeout
    case dependencies, parent, localProgress, globalProgress, verbose, help, start, end
    // Additions.
    case env, url, user, paused, json, discover, discoveryPort, broadcast, to, set, follow, interval
    case job, worker, since, filter
    case frames, chunk, param, dryRun
    case maxWorkerErrors, forgiveTime, limits, stallTimeout
}

/// How one option is spelled and whether it takes a value.
struct OptionSpec: Sendable {
    let key: OptionKey
    let short: Character?
    let long: [String]
    let takesValue: Bool
    /// Shown in error messages.
    var displayName: String { long.first.map { "--" + $0 } ?? "-\(short!)" }
}

enum ControlOptions {
    static let all: [OptionSpec] = [
        OptionSpec(key: .command, short: "c", long: ["cmd", "command"], takesValue: true),
        OptionSpec(key: .directory, short: "d", long: ["directory"], takesValue: true),
        OptionSpec(key: .title, short: "t", long: ["title"], takesValue: true),
        OptionSpec(key: .priority, short: "p", long: ["priority"], takesValue: true),
        OptionSpec(key: .retry, short: "r", long: ["retry"], takesValue: true),
        OptionSpec(key: .affinity, short: "a", long: ["affinity"], takesValue: true),
        OptionSpec(key: .jobID, short: "i", long: ["jobid"], takesValue: true),
        OptionSpec(key: .timeout, short: "T", long: ["timeout"], takesValue: true),
        OptionSpec(key: .dependencies, short: "D", long: ["dependencies"], takesValue: true),
        OptionSpec(key: .parent, short: "P", long: ["parent"], takesValue: true),
        OptionSpec(key: .localProgress, short: nil, long: ["localprogress"], takesValue: true),
        OptionSpec(key: .globalProgress, short: nil, long: ["globalprogress"], takesValue: true),
        OptionSpec(key: .verbose, short: "v", long: ["verbose"], takesValue: false),
        OptionSpec(key: .help, short: "h", long: ["help"], takesValue: false),
        OptionSpec(key: .start, short: "s", long: ["start"], takesValue: true),
        OptionSpec(key: .end, short: "e", long: ["end"], takesValue: true),
        OptionSpec(key: .env, short: nil, long: ["env"], takesValue: true),
        OptionSpec(key: .url, short: nil, long: ["url"], takesValue: true),
        OptionSpec(key: .user, short: nil, long: ["user"], takesValue: true),
        OptionSpec(key: .paused, short: nil, long: ["paused"], takesValue: false),
        OptionSpec(key: .json, short: nil, long: ["json"], takesValue: false),
        OptionSpec(key: .discover, short: nil, long: ["discover"], takesValue: false),
        OptionSpec(key: .discoveryPort, short: nil, long: ["discovery-port"], takesValue: true),
        OptionSpec(key: .broadcast, short: nil, long: ["broadcast"], takesValue: true),
        OptionSpec(key: .to, short: nil, long: ["to"], takesValue: true),
        OptionSpec(key: .set, short: nil, long: ["set"], takesValue: true),
        OptionSpec(key: .follow, short: "f", long: ["follow"], takesValue: false),
        OptionSpec(key: .interval, short: nil, long: ["interval"], takesValue: true),
        OptionSpec(key: .job, short: nil, long: ["job"], takesValue: true),
        OptionSpec(key: .worker, short: nil, long: ["worker"], takesValue: true),
        OptionSpec(key: .since, short: nil, long: ["since"], takesValue: true),
        OptionSpec(key: .filter, short: nil, long: ["filter"], takesValue: true),
        OptionSpec(key: .frames, short: nil, long: ["frames"], takesValue: true),
        OptionSpec(key: .chunk, short: nil, long: ["chunk"], takesValue: true),
        OptionSpec(key: .param, short: nil, long: ["param"], takesValue: true),
        OptionSpec(key: .dryRun, short: nil, long: ["dry-run"], takesValue: false),
        OptionSpec(key: .maxWorkerErrors, short: nil, long: ["maxworkererrors"], takesValue: true),
        OptionSpec(key: .forgiveTime, short: nil, long: ["forgivetime"], takesValue: true),
        OptionSpec(key: .limits, short: nil, long: ["limits"], takesValue: true),
        OptionSpec(key: .stallTimeout, short: nil, long: ["stalltimeout"], takesValue: true),
    ]

    /// Options of the original tool. Scripts pass them to every action, and the
    /// original ignored those an action does not use, so they are accepted everywhere.
    static let legacy: Set<OptionKey> = [
        .command, .directory, .title, .priority, .retry, .affinity, .jobID, .timeout,
        .dependencies, .parent, .localProgress, .globalProgress, .verbose, .help, .start, .end,
    ]

    /// Options that make sense for every action.
    static let global: Set<OptionKey> = [.verbose, .help, .json, .discover, .discoveryPort, .broadcast]

    static func spec(short: Character) -> OptionSpec? {
        all.first { $0.short == short }
    }

    static func spec(long: String) -> OptionSpec? {
        all.first { $0.long.contains(long) }
    }

    static func spec(_ key: OptionKey) -> OptionSpec {
        all.first { $0.key == key }!
    }
}
