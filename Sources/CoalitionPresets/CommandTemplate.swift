/// Substitution of `{name}` placeholders (`{{` and `}}` stand for literal braces).
public enum CommandTemplate {
    /// The names of the placeholders in `template`, in order; throws on an unclosed brace.
    public static func placeholders(in template: String) throws(PresetError) -> [String] {
        var names: [String] = []
        _ = try substitute(template) { names.append($0); return "" }
        return names
    }

    /// `template` with each placeholder replaced by `value(name)`.
    public static func substitute(_ template: String, _ value: (String) throws(PresetError) -> String) throws(PresetError) -> String {
        var out = ""
        var chars = template[...]
        while let c = chars.first {
            chars.removeFirst()
            if c == "{" {
                if chars.first == "{" { chars.removeFirst(); out.append("{"); continue }
                guard let close = chars.firstIndex(of: "}") else {
                    throw .invalidPreset(name: "", reason: "unclosed '{' in '\(template)'")
                }
                out += try value(String(chars[..<close]))
                chars = chars[chars.index(after: close)...]
            } else if c == "}" {
                if chars.first == "}" { chars.removeFirst() }
                out.append("}")
            } else {
                out.append(c)
            }
        }
        return out
    }
}
