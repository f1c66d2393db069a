import ArgumentParser

/// `coalition server`: the job manager.
public struct ServerCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "server",
        abstract: "Run the Coalition job server."
    )

    public init() {}

    public func run() async throws {
        throw ValidationError("not implemented yet")
    }
}
