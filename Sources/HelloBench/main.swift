// The floor of the framework, for the HTTP benchmark (Benchmarks/run-http-floor.sh): a
// minimal Hummingbird server on the same Hummingbird and SwiftNIO versions as the product,
// answering every path with a fixed body, with Hummingbird's defaults.
// Usage: HelloBench PORT
import Hummingbird
import NIOCore
import NIOPosix

if CommandLine.arguments.contains("--nio-executor") {
    _ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
}

let port = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 8080 : 8080
let router = Router()
router.get("/**") { _, _ in "true" }
router.post("/**") { _, _ in "true" }
let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
try await app.runService()
