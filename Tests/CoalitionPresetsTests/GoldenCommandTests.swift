import CoalitionPresets
import Testing

/// The exact command lines the built-in presets build.
@Suite struct GoldenCommandTests {
    @Test func blender() throws {
        let plan = try BuiltinPresets.plan(try BuiltinPresets.load("blender"), file: "/projects/shot 010/scene.blend",
                                           frames: "1-25", chunk: "10", [("output", "/renders/shot/frame_####")])
        #expect(plan.title == "scene.blend")
        #expect(plan.children.map(\.title) == ["frames 1-10", "frames 11-20", "frames 21-25"])
        #expect(plan.children[0].command ==
            "blender -b '/projects/shot 010/scene.blend' -o '/renders/shot/frame_####' -s 1 -e 10 -j 1 -a")
        #expect(plan.children[2].localProgress == "Fra:%frame(21-25)")
    }

    @Test func blenderWithOptionalArguments() throws {
        let plan = try BuiltinPresets.plan(try BuiltinPresets.load("blender"), file: "/p/a.blend", frames: "1-100x5", chunk: "100",
                                           [("output", "/r/f_"), ("engine", "CYCLES"), ("format", "PNG")])
        #expect(plan.children.map(\.command) == ["blender -b /p/a.blend -o /r/f_ -E CYCLES -F PNG -s 1 -e 96 -j 5 -a"])
    }

    @Test func afterEffects() throws {
        let plan = try BuiltinPresets.plan(try BuiltinPresets.load("aftereffects"), file: "/projects/promo.aep", frames: "0-47",
                                           chunk: "24", [("comp", "Main Comp"), ("output", "/renders/promo_[#####].png")])
        #expect(plan.children.map(\.command) == [
            "aerender -project /projects/promo.aep -comp 'Main Comp' -s 0 -e 23 -output '/renders/promo_[#####].png'",
            "aerender -project /projects/promo.aep -comp 'Main Comp' -s 24 -e 47 -output '/renders/promo_[#####].png'",
        ])
        let withTemplates = try BuiltinPresets.plan(try BuiltinPresets.load("aftereffects"), file: "/p/a.aep", frames: "1",
                                                    [("comp", "C"), ("output", "/r/o.mov"), ("render_settings", "Best Settings"),
                                                     ("output_module", "Lossless")])
        #expect(withTemplates.children[0].command ==
            "aerender -project /p/a.aep -comp C -s 1 -e 1 -output /r/o.mov -RStemplate 'Best Settings' -OMtemplate Lossless")
    }

    @Test func unreal() throws {
        let plan = try BuiltinPresets.plan(try BuiltinPresets.load("unreal"), file: "/projects/Film/Film.uproject", frames: "1001-1240",
                                           [("map", "/Game/Maps/Shot010"), ("config", "/Game/Cinematics/MRQ_Final"),
                                            ("sequence", "/Game/Cinematics/Shot010")])
        #expect(plan.children.count == 1)
        #expect(plan.children[0].command ==
            "UnrealEditor-Cmd /projects/Film/Film.uproject /Game/Maps/Shot010 -game -MoviePipelineConfig=/Game/Cinematics/MRQ_Final "
            + "-LevelSequence=/Game/Cinematics/Shot010 -windowed -log -stdout -allowStdOutLogVerbosity -unattended -NoLoadingScreen")
        #expect(plan.children[0].localProgress == "Completion Percentage: %one")
        #expect(plan.children[0].globalProgress == "PROGRESS:%percent")
    }

    @Test func ffmpeg() throws {
        let plan = try BuiltinPresets.plan(try BuiltinPresets.load("ffmpeg"), file: "/renders/shot/frame_%04d.png", frames: "1-48",
                                           [("output", "/renders/shot.mp4")])
        #expect(plan.children.map(\.command) == [
            "ffmpeg -hide_banner -nostdin -nostats -y -progress pipe:1 -framerate 24 -start_number 1 -i /renders/shot/frame_%04d.png "
            + "-frames:v 48 -c:v libx264 -pix_fmt yuv420p /renders/shot.mp4",
        ])
        #expect(plan.children[0].localProgress == "frame=%frame(1-48)")
    }

    @Test func ffmpegSegmentPerChunk() throws {
        let plan = try BuiltinPresets.plan(try BuiltinPresets.load("ffmpeg"), file: "/r/f_%04d.png", frames: "1-20", chunk: "10",
                                           [("output", "/r/part_{start}.mp4"), ("crf", "18")])
        #expect(plan.children.map(\.command) == [
            "ffmpeg -hide_banner -nostdin -nostats -y -progress pipe:1 -framerate 24 -start_number 1 -i /r/f_%04d.png "
            + "-frames:v 10 -c:v libx264 -pix_fmt yuv420p -crf 18 /r/part_1.mp4",
            "ffmpeg -hide_banner -nostdin -nostats -y -progress pipe:1 -framerate 24 -start_number 11 -i /r/f_%04d.png "
            + "-frames:v 10 -c:v libx264 -pix_fmt yuv420p -crf 18 /r/part_11.mp4",
        ])
    }

    @Test func genericCommand() throws {
        let plan = try BuiltinPresets.plan(try BuiltinPresets.load("command"), file: "scene.ma", frames: "1-4", chunk: "2",
                                           [("command", "render --first {start} --last {end} {file} && echo done")])
        #expect(plan.children.map(\.command) == ["render --first 1 --last 2 scene.ma && echo done",
                                                 "render --first 3 --last 4 scene.ma && echo done"])
        #expect(plan.children[0].localProgress == nil)
    }
}
