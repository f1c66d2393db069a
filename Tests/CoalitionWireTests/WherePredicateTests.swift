import Testing
import CoalitionWire

@Suite("where_clause predicate language")
struct WherePredicateTests {
    static let columns: Set<String> = ["parent", "user", "state", "paused", "title", "priority", "id", "progress"]

    static func row(_ values: [String: WhereValue]) -> @Sendable (String) -> WhereValue {
        { values[$0] ?? .null }
    }

    static let sample = row(["parent": .number(3), "user": .text("ann"), "state": .text("WAITING"), "paused": .number(0),
                             "title": .text("Shot 010 comp"), "priority": .number(1000), "id": .number(7), "progress": .null])

    func matches(_ text: String) throws -> Bool {
        try WhereParser.parse(text, columns: Self.columns).matches(Self.sample)
    }

    @Test func theClausesTheV4PageWrites() throws {
        #expect(try matches("(parent = 3)"))
        #expect(try matches("(parent = 3) and (user='ann' or user='bob')"))
        #expect(try matches("(parent = 3) and (state='WAITING') and paused = 0"))
        #expect(try !matches("(parent = 3) and (paused='1')"))
        #expect(try matches("(parent = 3) and (title like '%010%')"))
        #expect(try matches("(parent = 3) and (id=7 or id=9)"))
    }

    @Test func operatorsAndPrecedence() throws {
        #expect(try matches("priority >= 1000 AND priority <= 1000 AND priority > 999 AND priority < 1001"))
        #expect(try matches("priority != 5 and priority <> 6 and priority == 1000"))
        #expect(try matches("user = 'x' OR user = 'ann' AND id = 7"))
        #expect(try !matches("(user = 'x' OR user = 'ann') AND id = 8"))
        #expect(try matches("NOT user = 'x'"))
        #expect(try matches("NOT (user = 'ann' AND id = 8)"))
        #expect(try matches("title NOT LIKE 'x%'"))
        #expect(try matches("TITLE Like 'shot%COMP'"))
        #expect(try matches("title like 'Shot 01_ comp'"))
    }

    @Test func sqliteComparisonRules() throws {
        #expect(try matches("paused = '0'"))          // numeric text against a number column
        #expect(try matches("user > 5"))              // a number against text compares as text
        #expect(try !matches("progress = 0"))         // NULL matches nothing
        #expect(try !matches("progress != 0"))
        #expect(try matches("title = 'Shot 010 comp'"))
        #expect(try matches("user = 'it''s' or user = \"ann\""))
        #expect(try matches("priority = 1000.0 and parent > -1"))
    }

    @Test(arguments: [
        "", "parent", "parent =", "= 3", "parent = 3;", "parent = 3; DROP TABLE Jobs", "parent = 3 --",
        "parent = (SELECT 1)", "secret = 1", "parent = 3 and", "(parent = 3", "parent = 3)", "user = 'open",
        "parent in (1,2)", "parent = parent", "parent = 3 /* c */", "parent = ?", "parent = 1e5x", "parent = --1",
        "title like 3", "title not = 'a'", "parent = 3 limit 1", "`parent` = 3", "parent = 0x10", "parent ! 3",
    ])
    func refusesEverythingElse(_ text: String) {
        #expect(throws: WhereSyntaxError.self) { try WhereParser.parse(text, columns: Self.columns) }
    }

    @Test func boundsNestingAndLength() {
        let deep = String(repeating: "(", count: 200) + "id = 1" + String(repeating: ")", count: 200)
        #expect(throws: WhereSyntaxError.self) { try WhereParser.parse(deep, columns: Self.columns) }
        let nots = String(repeating: "not ", count: 10_000) + "id = 1"
        #expect(throws: WhereSyntaxError.self) { try WhereParser.parse(nots, columns: Self.columns) }
        let long = Array(repeating: "id = 1", count: 5_000).joined(separator: " or ")
        #expect(throws: WhereSyntaxError.self) { try WhereParser.parse(long, columns: Self.columns) }
        let fine = String(repeating: "(", count: 30) + "id = 7" + String(repeating: ")", count: 30)
        #expect((try? WhereParser.parse(fine, columns: Self.columns).matches(Self.sample)) == true)
    }

    @Test func errorsSayWhere() {
        do {
            _ = try WhereParser.parse("parent = 3; drop", columns: Self.columns)
            Issue.record("accepted")
        } catch {
            #expect(error.offset == 10)
            #expect(error.description.contains("';'"))
        }
    }

    @Test func likeIsLinearEnoughOnHostilePatterns() throws {
        let title = String(repeating: "a", count: 2_000)
        let p = try WhereParser.parse("title like '" + String(repeating: "%a", count: 500) + "%b'", columns: Self.columns)
        #expect(!p.matches(Self.row(["title": .text(title)])))
    }
}
