@testable import CoalitionWorker
import Testing

@Suite struct JobEnvironmentTests {
    @Test func overridesAreSeparatedByLiteralBackslashN() {
        let env = JobEnvironment(overrides: "A=1\\nB=x=y\\nnoequal\\n=empty\\nC=line1\nline2", base: ["A": "0", "HOME": "/h"])
        #expect(env.hasOverrides)
        #expect(env.variables == ["A": "1", "B": "x=y", "C": "line1\nline2", "HOME": "/h"])
    }

    @Test func noOverrides() {
        for value in [nil, ""] as [String?] {
            let env = JobEnvironment(overrides: value, base: ["HOME": "/h"])
            #expect(!env.hasOverrides)
            #expect(env.variables == ["HOME": "/h"])
        }
    }

    @Test func expandsRecursivelyWithJobValuesFirst() {
        let env = JobEnvironment(overrides: "PROJ=$(ROOT)/p\\nROOT=/jobroot", base: ["ROOT": "/worker", "X": "x"])
        let result = env.expand("render $(PROJ)/scene $(X)")
        #expect(result.text == "render /jobroot/p/scene x")
        #expect(result.messages.isEmpty)
    }

    @Test func unknownVariableBecomesEmptyWithAnError() {
        let env = JobEnvironment(overrides: nil, base: [:])
        let result = env.expand("a$(NOPE)b$()c")
        #expect(result.text == "abc")
        #expect(result.messages == ["ERROR : Environment variable not found : NOPE",
                                    "ERROR : Environment variable not found : "])
    }

    @Test func selfReferenceIsBounded() {
        let env = JobEnvironment(overrides: "LOOP=x$(LOOP)", base: [:])
        let result = env.expand("$(LOOP)")
        #expect(result.text.hasPrefix(String(repeating: "x", count: JobEnvironment.maxExpansionPasses)))
        #expect(result.messages.count == 1)
        #expect(result.messages[0].contains("stopped"))
    }

    @Test func driveLetterBecomesDriveVariable() {
        let env = JobEnvironment(overrides: "Z_DRIVE=/mnt/z", base: [:])
        #expect(env.expand("Z:\\proj\\shot").text == "/mnt/z\\proj\\shot")
        #expect(env.expand("z:/proj").text == "/mnt/z/proj")
        #expect(JobEnvironment.mapDriveLetter("ab:c") == "ab:c")
        #expect(JobEnvironment.mapDriveLetter("é:c") == "é:c")
        #expect(JobEnvironment.mapDriveLetter("echo C:") == "echo C:")
    }

    @Test func unterminatedReferenceIsLeftAlone() {
        let env = JobEnvironment(overrides: nil, base: ["A": "1"])
        #expect(env.expand("cost $(A) and $(B").text == "cost 1 and $(B")
    }
}
