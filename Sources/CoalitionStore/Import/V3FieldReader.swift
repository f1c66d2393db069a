/// Reads one attribute of an original object with the original's own leniency (its
/// load converted numbers with `int()` and text with `str()`, falling back to defaults),
/// and notes in the report every value it had to replace.
struct V3FieldReader {
    /// "job 12", "worker w1": where a note comes from.
    let owner: String
    let kind: String

    func int(_ v: PickleValue, _ name: String, default d: Int, _ report: inout V3ImportReport) -> Int {
        switch v {
        case .int(let i): return i
        case .bool(let b): return b ? 1 : 0
        case .float(let f) where f.isFinite && abs(f) < 9e18: return Int(f)
        case .bytes(let b):
            if let i = Int(String(decoding: b, as: UTF8.self).trimmingSpaces) { return i }
        case .unicode(let s):
            if let i = Int(s.trimmingSpaces) { return i }
        default: break
        }
        report.note("\(kind) \(name): \(v.kindName) value replaced by \(d)", at: owner)
        return d
    }

    func double(_ v: PickleValue, _ name: String, default d: Double, _ report: inout V3ImportReport) -> Double {
        switch v {
        case .float(let f) where f.isFinite: return f
        case .int(let i): return Double(i)
        case .bool(let b): return b ? 1 : 0
        default:
            report.note("\(kind) \(name): \(v.kindName) value replaced by \(d)", at: owner)
            return d
        }
    }

    func optionalDouble(_ v: PickleValue, _ name: String, _ report: inout V3ImportReport) -> Double? {
        if case .none = v { return nil }
        switch v {
        case .float(let f) where f.isFinite: return f
        case .int(let i): return Double(i)
        default:
            report.note("\(kind) \(name): \(v.kindName) value dropped", at: owner)
            return nil
        }
    }

    func string(_ v: PickleValue, _ name: String, default d: String, _ report: inout V3ImportReport) -> String {
        switch v {
        case .bytes(let b): return text(b, name, &report)
        case .unicode(let s): return s
        case .int(let i): return String(i)
        default:
            report.note("\(kind) \(name): \(v.kindName) value replaced by \"\(d)\"", at: owner)
            return d
        }
    }

    /// A Python 2 `str` as text: UTF-8, else Latin-1 (every byte kept as one character).
    func text(_ bytes: [UInt8], _ name: String, _ report: inout V3ImportReport) -> String {
        if let s = String(validating: bytes, as: UTF8.self) { return s }
        report.note("\(kind) \(name): text is not UTF-8, read as Latin-1", at: owner)
        return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
    }

    func bool(_ v: PickleValue, _ name: String, default d: Bool, _ report: inout V3ImportReport) -> Bool {
        switch v {
        case .bool(let b): return b
        case .int(let i): return i != 0
        default:
            report.note("\(kind) \(name): \(v.kindName) value replaced by \(d ? "True" : "False")", at: owner)
            return d
        }
    }

    /// A list of ids; the original's `updatejobs` stored Dependencies as the text typed
    /// ("2, 3"), which its own add path would have split into numbers: do that.
    func ids(_ v: PickleValue, _ name: String, _ report: inout V3ImportReport) -> [Int] {
        switch v {
        case .list(let items), .tuple(let items):
            var out: [Int] = []
            out.reserveCapacity(items.count)
            for item in items {
                if case .int(let i) = item { out.append(i) } else {
                    report.note("\(kind) \(name): \(item.kindName) element dropped", at: owner)
                }
            }
            return out
        case .bytes(let b):
            report.note("\(kind) \(name): stored as text, read as the numbers in it", at: owner)
            return Self.numbers(in: b)
        case .unicode(let s):
            report.note("\(kind) \(name): stored as text, read as the numbers in it", at: owner)
            return Self.numbers(in: Array(s.utf8))
        case .none:
            return []
        default:
            report.note("\(kind) \(name): \(v.kindName) value replaced by []", at: owner)
            return []
        }
    }

    /// Every run of decimal digits, like the original's `re.findall('(\d+)', …)`.
    static func numbers(in bytes: [UInt8]) -> [Int] {
        var out: [Int] = []
        var current: Int?
        for c in bytes + [0] {
            if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c) {
                let (m, o1) = (current ?? 0).multipliedReportingOverflow(by: 10)
                let (s, o2) = m.addingReportingOverflow(Int(c - UInt8(ascii: "0")))
                current = o1 || o2 ? Int.max : s
            } else if let n = current {
                out.append(n)
                current = nil
            }
        }
        return out
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
