import CoalitionPresets
import Foundation
import Testing

@Suite struct PresetLoadingTests {
    @Test func everyBuiltinLoads() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: BuiltinPresets.directory.path).filter { $0.hasSuffix(".toml") }
        var catalog = PresetCatalog()
        for f in files {
            catalog.add(text: try String(contentsOf: BuiltinPresets.directory.appendingPathComponent(f), encoding: .utf8), fileName: f)
        }
        #expect(catalog.problems == [])
        #expect(catalog.sorted.map(\.name) == ["aftereffects", "blender", "command", "ffmpeg", "unreal"])
    }

    @Test func jsonAndTomlGiveTheSamePreset() throws {
        let toml = """
        name = "tiny"
        chunk = 5
        command = ["render", "{file}", ["-q", "{quality}"], "{start}"]
        [[parameters]]
        name = "quality"
        type = "integer"
        default = 3
        """
        let json = """
        {"name": "tiny", "chunk": 5, "command": ["render", "{file}", ["-q", "{quality}"], "{start}"],
         "parameters": [{"name": "quality", "type": "integer", "default": 3}]}
        """
        let a = try Preset.load(text: toml, fileName: "x.toml")
        let b = try Preset.load(text: json, fileName: "x.json")
        #expect(a == b)
        #expect(a.command == [.argument("render"), .argument("{file}"), .optionalGroup(["-q", "{quality}"]), .argument("{start}")])
        #expect(a.parameters[0].defaultValue == "3")
        #expect(a.checks == PresetChecks(fileExists: true, writableOutputs: []))
    }

    @Test func nameDefaultsToTheFileName() throws {
        let p = try Preset.load(text: "command = [\"echo\", \"{start}\"]", fileName: "studio-render.toml")
        #expect(p.name == "studio-render")
        #expect(p.title == "studio-render")
        #expect(p.chunk == 1)
    }

    @Test(arguments: [
        ("bad.toml", "command = [", "preset file bad.toml:"),
        ("x.toml", "title = \"no command\"", "preset file x.toml: missing key 'command'"),
        ("x.toml", "command = [\"r\", \"{colour}\"]", "preset x: unknown placeholder {colour} in the command"),
        ("x.toml", "command = [\"r\", \"{start\"]", "preset x: unclosed '{'"),
        ("x.toml", "command = []", "preset x: empty command"),
        ("x.toml", "command = [\"r\"]\nchunk = 0", "preset x: chunk must be at least 1"),
        ("x.toml", "command = [\"r\"]\n[[parameters]]\nname = \"start\"", "preset x: parameter 'start' is a built-in name"),
        ("x.toml", "command = [\"r\"]\n[[parameters]]\nname = \"c\"\ntype = \"choice\"", "preset x: choice parameter 'c' has no choices"),
        ("x.toml", "command = [\"r\"]\n[[parameters]]\nname = \"c\"\ntype = \"colour\"", "preset file x.toml:"),
        ("x.toml", "command = [\"r\"]\nlocal_progress = \"F%frame({file})\"", "preset x: unknown placeholder {file} in a progress pattern"),
        ("x.yaml", "command: [r]", "preset file x.yaml: not a .toml or .json file"),
    ])
    func refused(_ file: String, _ text: String, _ message: String) {
        do {
            _ = try Preset.load(text: text, fileName: file)
            Issue.record("loaded")
        } catch {
            #expect(error.description.hasPrefix(message), "\(error.description)")
            #expect(!error.description.contains("\n"))
        }
    }

    @Test func laterFileOverridesEarlier() throws {
        var catalog = PresetCatalog()
        catalog.add(text: "title = \"A\"\ncommand = [\"a\"]", fileName: "blender.toml")
        catalog.add(text: "title = \"B\"\ncommand = [\"b\"]", fileName: "blender.json".replacingOccurrences(of: ".json", with: ".toml"))
        #expect(try catalog.preset(named: "blender").title == "B")
        #expect(throws: PresetError.unknownPreset("maya")) { try catalog.preset(named: "maya") }
    }
}
