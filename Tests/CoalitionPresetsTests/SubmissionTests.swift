import CoalitionPresets
import Testing

/// Bad submissions: each gives its one-line error.
@Suite struct SubmissionTests {
    let blender: Preset

    init() throws {
        blender = try BuiltinPresets.load("blender")
    }

    func plan(_ parameters: [(String, String)] = [("output", "/r/f_####")], frames: String = "1-10", chunk: String? = nil,
              file: String = "/p/a.blend", checks: PathChecks = BuiltinPresets.anyPath) throws -> SubmissionPlan {
        try BuiltinPresets.plan(blender, file: file, frames: frames, chunk: chunk, parameters, checks: checks)
    }

    @Test func unknownParameter() {
        #expect(throws: PresetError.unknownParameter("colour", preset: "blender")) { try plan([("output", "/r/x"), ("colour", "red")]) }
    }

    @Test func missingRequiredParameter() {
        #expect(throws: PresetError.missingParameter("output")) { try plan([]) }
        #expect(throws: PresetError.missingParameter("output")) { try plan([("output", "")]) }
    }

    @Test func shellInjection() {
        #expect(throws: PresetError.shellSyntax(parameter: "output")) { try plan([("output", "/r/x; rm -rf /")]) }
        #expect(throws: PresetError.shellSyntax(parameter: "output")) { try plan([("output", "$(id)")]) }
        #expect(throws: PresetError.shellSyntax(parameter: "file")) { try plan(file: "/p/`id`.blend") }
    }

    @Test func badChoice() {
        #expect(throws: PresetError.invalidParameter("engine", reason: "'POVRAY' is not one of CYCLES, BLENDER_EEVEE, BLENDER_WORKBENCH")) {
            try plan([("output", "/r/x"), ("engine", "POVRAY")])
        }
    }

    @Test func badFramesAndChunks() {
        #expect(throws: PresetError.invalidFrames("empty")) { try plan(frames: "") }
        #expect(throws: PresetError.self) { try plan(frames: "20-10") }
        #expect(throws: PresetError.invalidChunk("0")) { try plan(chunk: "0") }
        #expect(throws: PresetError.invalidChunk("ten")) { try plan(chunk: "ten") }
        #expect(throws: PresetError.tooManyChunks(count: 100_000, maximum: 10_000)) { try plan(frames: "1-100000", chunk: "1") }
    }

    @Test func missingFile() {
        let none = PathChecks(exists: { _ in false }, directoryWritable: { _ in true }, sharedPaths: [])
        #expect(throws: PresetError.fileNotFound("/p/a.blend")) { try plan(checks: none) }
    }

    @Test func outputOnASharedPathMustBeWritable() {
        let readOnly = PathChecks(exists: { _ in true }, directoryWritable: { $0 != "/renders/shot" }, sharedPaths: ["/renders"])
        #expect(throws: PresetError.outputNotWritable("/renders/shot")) { try plan([("output", "/renders/shot/f_####")], checks: readOnly) }
        // Not shared: the server cannot know, so it does not check.
        #expect(throws: Never.self) { try plan([("output", "/local/shot/f_####")], checks: readOnly) }
    }

    @Test func sharedPathsMatchWholeComponents() {
        let checks = PathChecks(exists: { _ in true }, directoryWritable: { _ in true }, sharedPaths: ["/renders", "/mnt/farm/"])
        #expect(checks.isShared("/renders/a"))
        #expect(checks.isShared("/mnt/farm/x/y"))
        #expect(!checks.isShared("/renders2/a"))
        #expect(!checks.isShared("relative/a"))
        #expect(PathChecks.directory(of: "/r/shot/f_####") == "/r/shot")
        #expect(PathChecks.directory(of: "f_####") == ".")
        #expect(PathChecks.directory(of: "/f") == "/")
    }

    @Test func defaultChunkComesFromThePreset() throws {
        #expect(try plan(frames: "1-25").children.count == 3)
        #expect(try plan(frames: "1-25", chunk: "").children.count == 3)
    }

    @Test func parentIsNamedAfterTheFile() throws {
        #expect(try plan(file: "/p/shot_010.blend").title == "shot_010.blend")
        #expect(Preset.baseName("C:\\shots\\a.blend") == "a.blend")
    }
}
