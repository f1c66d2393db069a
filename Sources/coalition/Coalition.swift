import ArgumentParser
import CoalitionControl
import CoalitionServer
import CoalitionWorker

/// The single `coalition` executable: one binary for the server, the render nodes and the CLI.
@main
struct Coalition: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coalition",
        abstract: "Coalition render-farm job manager.",
        version: CoalitionVersion.string,
        subcommands: [ServerCommand.self, WorkerCommand.self, ControlCommand.self]
    )
}
