import CoalitionConfig

/// The `[worker]` keys of a `coalition.ini` (read by `IniFile` with the original's rules).
/// Unusable values fall back to their defaults, as with the original worker, with a warning.
struct WorkerIni: Equatable, Sendable {
    /// Lower-cased key → value.
    private(set) var values: [String: String] = [:]
    /// Problems worth a log line.
    private(set) var warnings: [String] = []

    init(values: [String: String] = [:]) {
        self.values = Dictionary(uniqueKeysWithValues: values.map { ($0.key.lowercased(), $0.value) })
    }

    /// The `[worker]` section of INI text.
    init(text: String) {
        let file = IniFile(text: text)
        values = file.sections["worker"] ?? [:]
        warnings = file.warnings + file.unknownKeys(in: "worker", known: Self.knownKeys)
    }

    /// Every key `[worker]` understands (lower case); any other one is reported as a warning.
    static let knownKeys: Set<String> = [
        "serverurl", "workers", "name", "sleep", "cpus", "startup", "verbose", "runcommand", "logfile",
    ]

    /// The value of a key (case-insensitive), nil when absent.
    func string(_ key: String) -> String? { values[key.lowercased()] }

    /// An integer value; nil when absent or unparsable (the original then uses its default).
    func int(_ key: String) -> Int? {
        guard let text = string(key)?.trimmingWhitespace(), !text.isEmpty else { return nil }
        return Int(text)
    }

    /// A number of seconds; the original reads `sleep` as an integer, fractions are accepted too.
    func double(_ key: String) -> Double? {
        guard let text = string(key)?.trimmingWhitespace(), !text.isEmpty else { return nil }
        return Double(text)
    }

    /// A boolean written as an integer (non-zero = true); nil when absent or unparsable.
    func bool(_ key: String) -> Bool? {
        int(key).map { $0 != 0 }
    }

    /// Warnings for values present but unusable (they fall back to their defaults).
    var unusableValues: [String] {
        var problems: [String] = []
        for key in ["workers", "cpus"] where string(key).map({ !$0.trimmingWhitespace().isEmpty }) == true && int(key) == nil
            && !(key == "workers" && string(key)?.trimmingWhitespace().lowercased() == "auto") {
            problems.append("[worker] \(key)=\(string(key) ?? ""): not an integer, default used")
        }
        if string("sleep").map({ !$0.trimmingWhitespace().isEmpty }) == true && double("sleep") == nil {
            problems.append("[worker] sleep=\(string("sleep") ?? ""): not a number, default used")
        }
        if string("verbose").map({ !$0.trimmingWhitespace().isEmpty }) == true && int("verbose") == nil {
            problems.append("[worker] verbose=\(string("verbose") ?? ""): not 0 or 1, default used")
        }
        return problems
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" || first == "\r" || first == "\n" {
            slice = slice.dropFirst()
        }
        while let last = slice.last, last == " " || last == "\t" || last == "\r" || last == "\n" {
            slice = slice.dropLast()
        }
        return String(slice)
    }
}
