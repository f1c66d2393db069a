import CoalitionClient

/// Turns the server choice of the command line into an HTTP client.
enum ServerLocator {
    /// How long `--discover` waits for a server to answer.
    static let discoveryTimeout = 5.0

    static func client(for source: ServerSource, verbose: Bool) async throws -> FormClient {
        let url: String
        switch source {
        case .url(let given):
            url = given
        case .discover(let address, let port):
            do {
                url = try await discoverServer(broadcast: address, port: port, timeout: discoveryTimeout)
            } catch let error as DiscoveryError {
                throw ControlError.failure("discovery failed: \(error)")
            }
            if verbose { Console.error("discovered server \(url)") }
        }
        do {
            return try FormClient(server: url)
        } catch let error as ClientError {
            throw ControlError.usage(error.description)
        }
    }
}
