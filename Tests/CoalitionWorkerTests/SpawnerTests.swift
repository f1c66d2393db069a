@testable import CoalitionWorker
import Testing

/// The start-up command runner (`startup` in `[worker]`).
@Suite struct SpawnerTests {
    @Test func startupStyleRunDrainsOutput() throws {
        // Far more than a pipe holds: would hang if the output were not read.
        #expect(try Spawner.runToEnd("head -c 1000000 /dev/zero; exit 4", echo: false) == 4)
    }

    @Test func startupExitCodeIsReported() throws {
        #expect(try Spawner.runToEnd("exit 0", echo: false) == 0)
        #expect(try Spawner.runToEnd("exit 3", echo: false) == 3)
    }
}
