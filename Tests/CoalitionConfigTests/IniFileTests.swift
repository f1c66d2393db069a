import Testing
@testable import CoalitionConfig

@Suite struct IniFileTests {
    @Test func sectionsKeysAndComments() throws {
        let ini = IniFile(text: """
        # comment
        [server]
        Port = 19300
        timeout: 30 ; trailing comment
        ; another comment
        [worker]
        serverUrl=http://farm:19211
        """)
        #expect(ini.value("server", "port") == "19300")
        #expect(ini.value("server", "PORT") == "19300")
        #expect(ini.value("server", "timeout") == "30")
        #expect(ini.value("worker", "serverurl") == "http://farm:19211")
        #expect(ini.value("Server", "port") == nil, "section names are case-sensitive")
        #expect(try ini.integer("server", "port", default: 1) == 19300)
        #expect(try ini.integer("server", "missing", default: 7) == 7)
    }

    @Test func continuationLines() {
        let ini = IniFile(text: """
        [server]
        commandwhitelist=^/usr/bin/render\\b
          ^/opt/tools/

          # a comment inside the value
          @alice
          ^/home/alice/bin/
        trustedusers=
          bob
          carol
        """)
        #expect(ini.value("server", "commandwhitelist") == "^/usr/bin/render\\b\n^/opt/tools/\n@alice\n^/home/alice/bin/")
        #expect(ini.value("server", "trustedusers") == "\nbob\ncarol")
    }

    @Test func percentEscapes() {
        let ini = IniFile(text: "[s]\na=100%%\nb=50% off\n")
        #expect(ini.value("s", "a") == "100%")
        #expect(ini.value("s", "b") == "50% off")
        #expect(ini.warnings.count == 1)
    }

    @Test func invalidValuesAreErrorsNamingTheKey() {
        let ini = IniFile(text: "[server]\ntimeout=soon\nverbose=maybe\n")
        #expect(throws: ConfigError.self) { try ini.number("server", "timeout", default: 60) }
        do {
            _ = try ini.flag("server", "verbose", default: false)
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("verbose"))
        }
    }

    @Test func flags() throws {
        let ini = IniFile(text: "[w]\na=1\nb=0\nc=yes\n")
        #expect(try ini.flag("w", "a", default: false))
        #expect(try !ini.flag("w", "b", default: true))
        #expect(try ini.flag("w", "c", default: false))
    }

    @Test func unknownKeysAreNamedWithTheirLine() {
        let ini = IniFile(text: """
        [server]
        port=19300
        timout=30
          continued
        [worker]
        Sleeep=2
        """)
        #expect(ini.unknownKeys(in: "server", known: ["port", "timeout"]) == ["line 3: unknown key 'timout' in [server]"])
        #expect(ini.unknownKeys(in: "worker", known: ["sleep"]) == ["line 6: unknown key 'sleeep' in [worker]"])
        #expect(ini.unknownKeys(in: "absent", known: []) == [])
    }
}
