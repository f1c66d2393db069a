import CoalitionPresets
import Testing

@Suite struct ShellQuotingTests {
    @Test func plainWordsStayAsTheyAre() {
        #expect(ShellQuoting.quote("/renders/shot_010/a-b.blend") == "/renders/shot_010/a-b.blend")
        #expect(ShellQuoting.quote("-MoviePipelineConfig=/Game/X") == "-MoviePipelineConfig=/Game/X")
    }

    @Test func othersAreSingleQuoted() {
        #expect(ShellQuoting.quote("") == "''")
        #expect(ShellQuoting.quote("my shot.blend") == "'my shot.blend'")
        #expect(ShellQuoting.quote("frame_####") == "'frame_####'")
        #expect(ShellQuoting.quote("it's") == "'it'\\''s'")
        #expect(ShellQuoting.quote("~/x") == "'~/x'")
        #expect(ShellQuoting.quote("a*b") == "'a*b'")
    }

    @Test func shellSyntaxIsRecognized() {
        for bad in ["$(rm -rf /)", "`id`", "a; b", "a | b", "a && b", "a > b", "a < b", "a\nb", "$HOME"] {
            #expect(ShellQuoting.containsShellSyntax(bad), "\(bad)")
        }
        for fine in ["my shot.blend", "frame_####", "it's", "/a/b-c_d.e"] {
            #expect(!ShellQuoting.containsShellSyntax(fine), "\(fine)")
        }
    }
}
