import ArgumentParser
import CoalitionClient
import Foundation

/// `coalition control [OPTIONS] [SERVER_URL] ACTION [ARGS]`: the command-line client.
///
/// It makes the same requests as the original `control.py` for `add`, `list` and
/// `remove`, and adds job, worker and activity actions. The command line is parsed by
/// this module (getopt style, options anywhere) rather than by ArgumentParser, so that
/// the original's option spellings and argument order keep working.
public struct ControlCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "control",
        abstract: "Add, list and manage jobs and workers on a Coalition server.",
        discussion: "Run 'coalition control --help' for the actions, options and examples.",
        helpNames: []
    )

    /// Everything after `control`, parsed by `CommandLineParser`.
    @Argument(parsing: .captureForPassthrough, help: "[SERVER_URL] ACTION [ARGS] and options")
    var arguments: [String] = []

    public init() {}

    public func run() async throws {
        do {
            try await Self.execute(arguments, environment: ProcessInfo.processInfo.environment)
        } catch let error as ControlError {
            Console.error("coalition control: \(error)")
            throw ExitCode(error.exitCode)
        } catch is CancellationError {
            throw ExitCode(130)
        }
    }

    /// Parses and runs one command line.
    static func execute(_ arguments: [String], environment: [String: String]) async throws {
        let invocation = try ControlInvocation.make(from: try CommandLineParser.parse(arguments),
                                                    environment: environment)
        guard let server = invocation.server else {
            Console.write(ControlHelp.text + "\n")
            return
        }
        let api = CoalitionAPI(client: try await ServerLocator.client(for: server, verbose: invocation.verbose),
                               verbose: invocation.verbose)
        let jobs = JobActions(invocation: invocation, api: api)
        let workers = WorkerActions(invocation: invocation, api: api)
        switch invocation.action {
        case .add: try await jobs.add()
        case .list: try await jobs.list()
        case .show: try await jobs.show()
        case .tree: try await jobs.tree()
        case .remove, .reset, .resetErrors, .pause, .start: try await jobs.simple(invocation.action.jobEndpoint!)
        case .move: try await jobs.move()
        case .update: try await jobs.update()
        case .log: try await LogActions(invocation: invocation, api: api).run()
        case .workers: try await workers.list()
        case .workerStart, .workerStop, .workerClear: try await workers.simple(invocation.action.workerEndpoint!)
        case .workerAffinity: try await workers.setAffinity()
        case .activities: try await workers.activities()
        case .presets: try await PresetActions(invocation: invocation, api: api).list()
        case .submit: try await PresetActions(invocation: invocation, api: api).submit()
        case .blocklist: try await SchedulingActions(invocation: invocation, api: api).blocklist()
        case .blocklistClear: try await SchedulingActions(invocation: invocation, api: api).clearBlocklist()
        case .limits: try await SchedulingActions(invocation: invocation, api: api).limits()
        case .limitSet: try await SchedulingActions(invocation: invocation, api: api).setLimit()
        case .help: Console.write(ControlHelp.text + "\n")
        }
    }
}
