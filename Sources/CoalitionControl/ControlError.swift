/// A failure of `coalition control`, reported as one line on stderr.
///
/// Exit statuses follow the original tool where it had one: 2 for a usage error
/// (bad option, bad value, missing argument), 1 for everything that went wrong
/// while talking to the server (unreachable, refused, unknown job or worker).
public enum ControlError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The command line itself is wrong.
    case usage(String)
    /// The request could not be carried out.
    case failure(String)

    /// The process exit status for this error.
    public var exitCode: Int32 {
        switch self {
        case .usage: return 2
        case .failure: return 1
        }
    }

    public var description: String {
        switch self {
        case .usage(let message), .failure(let message): return message
        }
    }
}
