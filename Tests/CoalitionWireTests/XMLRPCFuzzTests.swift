import Testing
import CoalitionWire
import Foundation

/// Random and mutated documents. By default it runs for about three seconds;
/// `XMLRPC_FUZZ_ITERATIONS=N` runs exactly N inputs instead and
/// `XMLRPC_FUZZ_SEED=S` replays a run. Throughput is printed.
@Suite("XML-RPC fuzzing")
struct XMLRPCFuzzTests {
    @Test func decoderSurvivesRandomAndMutatedDocuments() {
        let seed = XMLRPCFuzzEnvironment.integer("XMLRPC_FUZZ_SEED") ?? UInt64.random(in: 0...UInt64.max)
        let fixedCount = XMLRPCFuzzEnvironment.integer("XMLRPC_FUZZ_ITERATIONS").map(Int.init)
        var inputs = XMLRPCFuzzInputs(random: XMLRPCFuzzRandom(seed: seed))
        let clock = ContinuousClock()
        let start = clock.now
        let budget = Duration.seconds(3)

        var decoded = 0
        var refused = 0
        var slowest = Duration.zero
        var residentAfterWarmUp: Int?
        var iteration = 0
        while fixedCount.map({ iteration < $0 }) ?? (clock.now - start < budget) {
            let input = inputs.next()
            let before = clock.now
            do {
                let call = try XMLRPCDecoder.decodeCall(input)
                decoded += 1
                // Whatever was accepted must survive another trip unchanged.
                let again = try XMLRPCDecoder.decodeCall(XMLRPCEncoder.call(method: call.methodName, params: call.params))
                #expect(again.params.map(\.fuzzNormalized) == call.params.map(\.fuzzNormalized),
                    "seed \(seed) input \(iteration)")
                #expect(again.methodName == call.methodName)
            } catch {
                refused += 1
                #expect(error.faultCode == 8002)
                #expect(!error.message.isEmpty)
            }
            slowest = max(slowest, clock.now - before)
            iteration += 1
            if iteration == 1_000 { residentAfterWarmUp = XMLRPCFuzzEnvironment.residentBytes() }
        }
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let residentAtEnd = XMLRPCFuzzEnvironment.residentBytes()
        print("XML-RPC fuzz: seed \(seed), \(iteration) inputs (\(decoded) decoded, \(refused) refused) in "
            + "\(seconds) s = \(Int(Double(iteration) / seconds)) inputs/s, slowest \(slowest), "
            + "resident \(residentAfterWarmUp.map { "\($0 >> 20)" } ?? "?") → \(residentAtEnd.map { "\($0 >> 20)" } ?? "?") MiB")

        #expect(iteration > 0)
        #expect(decoded > 0, "mutations should leave some documents valid")
        #expect(refused > 0)
        // A hang would show up as one input taking seconds; inputs are a few KB.
        #expect(slowest < .seconds(5), "seed \(seed)")
        // Resident memory is the whole process's: other suites run in parallel in the normal
        // test run, so the bound is checked in the dedicated long run (XMLRPC_FUZZ_ITERATIONS),
        // where this test runs alone.
        if ProcessInfo.processInfo.environment["XMLRPC_FUZZ_ITERATIONS"] != nil,
           let residentAfterWarmUp, let residentAtEnd {
            #expect(residentAtEnd - residentAfterWarmUp < 64 << 20, "resident memory grew; seed \(seed)")
        }
    }
}
