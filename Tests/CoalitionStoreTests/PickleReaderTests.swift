import Testing
@testable import CoalitionStore

/// The pickle subset reader on what Python 2.7's cPickle writes (protocol 0), and on
/// everything it must refuse.
@Suite struct PickleReaderTests {
    func read(_ text: String) throws(PickleError) -> PickleValue {
        var reader = PickleReader(Array(text.utf8))
        return try reader.next()
    }

    func entry(_ k: String, _ v: PickleValue) -> PickleDictEntry {
        PickleDictEntry(key: .bytes(Array(k.utf8)), value: v)
    }

    /// Bytes from `cPickle.dumps({1: Job()})` in Python 2.7.18, where Job is an old-style
    /// class with a list, a unicode string, None, True, a float, a long, a quoted str,
    /// a tuple and a str repeated through the memo.
    static let cPickleSample = "(dp1\nI1\n(i__main__\nJob\np2\n(dp3\nS'A'\n(lp4\nI7\naI-2\nasS'C'\nNsS'B'\n"
        + "Vcaf\u{E9}\\u000a\\u005c\np5\nsS'E'\nF1.5\nsS'D'\nI01\nsS'G'\nS\"it's\"\np6\nsS'F'\n"
        + "L123456789012L\nsS'I'\n(I1\nI2\ntp7\nsS'K'\nS'WAITING'\np8\nsS'J'\ng8\nsbs."

    @Test func readsWhatCPickleWrites() throws {
        // The sample's é is one Latin-1 byte in the file, as raw-unicode-escape writes it.
        var bytes: [UInt8] = []
        for scalar in Self.cPickleSample.unicodeScalars { bytes.append(UInt8(scalar.value)) }
        var reader = PickleReader(bytes)
        let value = try reader.next()
        #expect(reader.atEnd)
        let job = PickleInstance(module: "__main__", name: "Job", attributes: [
            entry("A", .list([.int(7), .int(-2)])),
            entry("C", .none),
            entry("B", .unicode("café\n\\")),
            entry("E", .float(1.5)),
            entry("D", .bool(true)),
            entry("G", .bytes(Array("it's".utf8))),
            entry("F", .int(123_456_789_012)),
            entry("I", .tuple([.int(1), .int(2)])),
            entry("K", .bytes(Array("WAITING".utf8))),
            entry("J", .bytes(Array("WAITING".utf8))),
        ])
        #expect(value == .dict([PickleDictEntry(key: .int(1), value: .instance(job))]))
    }

    @Test func decodesStringEscapes() throws {
        #expect(try read("S'a\\nb\\\\c\\'d\\x41\\t'\n.") == .bytes(Array("a\nb\\c'dA\t".utf8)))
        #expect(try read("S'\\xc3\\xa9'\n.") == .bytes([0xC3, 0xA9]))
        #expect(try read("S''\n.") == .bytes([]))
        #expect(try read("V\\u20ac \\U0001F600\n.") == .unicode("€ 😀"))
        #expect(try read("I00\n.") == .bool(false))
        #expect(try read("F-0.25\n.") == .float(-0.25))
        #expect(try read("L-5L\n.") == .int(-5))
    }

    @Test func sharedContainersKeepTheirFinalContent() throws {
        // A list memoised while empty and referenced after it was filled.
        let v = try read("(lp1\n(lp2\nI1\naag2\na.")
        #expect(v == .list([.list([.int(1)]), .list([.int(1)])]))
    }

    @Test func readsSeveralPicklesInARow() throws {
        var reader = PickleReader(Array("I8\n.I42\n.(dp1\n.".utf8))
        #expect(try reader.next() == .int(8))
        #expect(try reader.next() == .int(42))
        #expect(try reader.next() == .dict([]))
        #expect(reader.atEnd)
    }

    // MARK: refusals

    @Test func refusesOpcodesTheOriginalNeverWrites() {
        // Binary protocols, globals and reduce (code execution in Python), persistent ids, ext.
        for bad in ["K\u{01}.", "cos\nsystem\n.", "(S'ls'\ntR.", "\u{80}\u{02}N.", "]q\u{00}.", "P1\n.",
                    "}.", "J\u{01}\u{00}\u{00}\u{00}.", "T\u{FF}\u{FF}\u{FF}\u{7F}abc.", "0."] {
            #expect(throws: PickleError.self, "\(bad.debugDescription)") { _ = try read(bad) }
        }
        if case .unsupportedOpcode(let op, let at)? = capture("cos\nsystem\n.") {
            #expect(op == UInt8(ascii: "c"))
            #expect(at == 0)
        } else {
            Issue.record("GLOBAL must be an unsupported opcode")
        }
    }

    @Test func refusesMalformedArguments() {
        for bad in ["Iabc\n.", "I99999999999999999999999\n.", "L1e5L\n.", "Fxyz\n.", "Sabc\n.", "S'abc\n.",
                    "S'\\x4'\n.", "V\\u12\n.", "g1\n.", "p-1\n.", "p1\n.", "a.", "s.", "N(lp1\nb.",
                    "(lp1\ng1\na.", "(I1\nd.", "(I1\ni__main__\nJob\n.", "NN.", "(.", ".", "(t(t."] {
            #expect(throws: PickleError.self, "\(bad.debugDescription)") { _ = try read(bad) }
        }
    }

    @Test func refusesTruncationAtEveryOffset() {
        let bytes = Array(Self.cPickleSample.utf8)
        for end in 0..<bytes.count {
            var reader = PickleReader(Array(bytes[0..<end]))
            #expect(throws: PickleError.self, "cut at \(end)") { _ = try reader.next() }
        }
    }

    @Test func refusesNestingBombs() {
        for bomb in [String(repeating: "(", count: 100_000) + ".",
                     String(repeating: "(l", count: 100_000) + ".",
                     String(repeating: "(", count: 20) + String(repeating: "(d", count: 20) + "."] {
            guard case .limit? = capture(bomb) else {
                Issue.record("a nesting bomb must hit the depth limit")
                continue
            }
        }
        // Depth grown through the memo with only two open containers at a time.
        // A holder list, a finished list A (memo 0), then lists each holding the previous one.
        var grow = "(l(lp0\na"
        for k in 1...100 { grow += "(lg\(k - 1)\nap\(k)\na" }
        guard case .limit? = capture(grow + ".") else {
            Issue.record("depth grown through GET must hit the depth limit")
            return
        }
    }

    @Test func refusesHugeArguments() {
        let limits = PickleReader.Limits(maxDepth: 32, maxLineLength: 1000)
        guard case .limit? = capture("S'" + String(repeating: "x", count: 5000) + "'\n.", limits: limits) else {
            Issue.record("an over-long argument must hit the limit")
            return
        }
        // A memo key or an int too large for 64 bits is malformed, never a huge allocation.
        for bad in ["Np99999999999999999999999999\n.", "I" + String(repeating: "9", count: 10_000) + "\n."] {
            #expect(throws: PickleError.self) { _ = try read(bad) }
        }
    }

    /// The error reading `text` ends in, nil when it reads.
    func capture(_ text: String, limits: PickleReader.Limits = .init()) -> PickleError? {
        var reader = PickleReader(Array(text.utf8), limits: limits)
        do {
            _ = try reader.next()
            return nil
        } catch {
            return error
        }
    }
}
