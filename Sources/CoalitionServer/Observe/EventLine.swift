/// The text of one event-log line: an event name followed by `key=value` fields, values
/// quoted when they hold anything but plain characters, so a line is one line whatever a
/// job title contains and can be split by scripts (`awk`, `grep 'job.failed'`).
enum EventLine {
    /// One field of an event.
    enum Value {
        case text(String)
        case number(Int)
        case decimal(Double)
    }

    /// `name key=value key="quoted value" ...`
    static func format(_ name: String, _ fields: KeyValuePairs<String, Value>) -> String {
        var line = name
        for (key, value) in fields {
            line += " " + key + "=" + render(value)
        }
        return line
    }

    static func render(_ value: Value) -> String {
        switch value {
        case .number(let n): return String(n)
        case .decimal(let d): return String(format3(d))
        case .text(let s): return quoteIfNeeded(s)
        }
    }

    /// Three decimals, without Foundation.
    static func format3(_ d: Double) -> String {
        guard d.isFinite else { return "0" }
        let scaled = (d * 1000).rounded()
        let negative = scaled < 0
        let magnitude = Int(abs(scaled))
        let fraction = String(magnitude % 1000)
        return (negative ? "-" : "") + String(magnitude / 1000) + "." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }

    /// Bare when the text is non-empty and made only of letters, digits and `-_./:@`;
    /// otherwise in double quotes with `\`, `"`, newlines and control characters escaped.
    static func quoteIfNeeded(_ s: String) -> String {
        let plain = !s.isEmpty && s.unicodeScalars.allSatisfy { c in
            (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || "-_./:@".unicodeScalars.contains(c)
        }
        if plain { return s }
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if c.value < 0x20 || c.value == 0x7f {
                    let hex = String(c.value, radix: 16)
                    out += "\\x" + (hex.count < 2 ? "0" : "") + hex
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        return out + "\""
    }
}
