import ArgumentParser

/// `coalition control [OPTIONS] SERVER_URL ACTION`: the command-line client.
public struct ControlCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "control",
        abstract: "Add, list and manage jobs and workers on a Coalition server."
    )

    public init() {}

    public func run() async throws {
        throw ValidationError("not implemented yet")
    }
}
