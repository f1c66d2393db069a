import ArgumentParser

/// `coalition worker [OPTIONS] [SERVER_URL]`: the render-node agent.
public struct WorkerCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Run a render-node agent that takes jobs from a Coalition server."
    )

    public init() {}

    public func run() async throws {
        throw ValidationError("not implemented yet")
    }
}
