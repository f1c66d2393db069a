/// The actions of `coalition control`.
enum ControlAction: String, CaseIterable, Sendable {
    case add, list, remove, show, tree, reset
    case resetErrors = "reset-errors"
    case pause, start, move, update, log, workers
    case workerStart = "worker-start"
    case workerStop = "worker-stop"
    case workerClear = "worker-clear"
    case workerAffinity = "worker-affinity"
    case activities, presets, submit
    case blocklist
    case blocklistClear = "blocklist-clear"
    case limits
    case limitSet = "limit-set"
    case help

    /// Options this action reads, beyond the global ones and the original tool's options.
    var specificOptions: Set<OptionKey> {
        switch self {
        case .add: return [.env, .url, .user, .paused, .maxWorkerErrors, .forgiveTime, .limits, .stallTimeout]
        case .list: return [.filter]
        case .move: return [.to]
        case .update: return [.set]
        case .log: return [.follow, .interval]
        case .activities: return [.job, .worker, .since]
        case .submit: return [.env, .url, .user, .paused, .frames, .chunk, .param, .dryRun]
        default: return []
        }
    }

    /// Actions that act on job ids given with `-i` or as arguments.
    var takesJobIDs: Bool {
        switch self {
        case .remove, .show, .reset, .resetErrors, .pause, .start, .move, .update, .log, .blocklist, .blocklistClear:
            return true
        default: return false
        }
    }

    /// The endpoint of the simple job actions (ids in, `1` out).
    var jobEndpoint: String? {
        switch self {
        case .remove: return "/json/clearjobs"
        case .reset: return "/json/resetjobs"
        case .resetErrors: return "/json/reseterrorjobs"
        case .pause: return "/json/pausejobs"
        case .start: return "/json/startjobs"
        default: return nil
        }
    }

    /// The endpoint of the simple worker actions (names in, `1` out).
    var workerEndpoint: String? {
        switch self {
        case .workerStart: return "/json/startworkers"
        case .workerStop: return "/json/stopworkers"
        case .workerClear: return "/json/clearworkers"
        default: return nil
        }
    }
}
