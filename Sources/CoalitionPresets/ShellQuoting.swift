/// POSIX shell quoting for the `/bin/sh -c` line a worker runs.
public enum ShellQuoting {
    /// `text` as one shell word: unchanged when it holds only characters the shell
    /// never interprets, else in single quotes (a quote inside becomes `'\''`).
    public static func quote(_ text: String) -> String {
        if !text.isEmpty, text.unicodeScalars.allSatisfy(isPlain) { return text }
        return "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    private static func isPlain(_ s: Unicode.Scalar) -> Bool {
        switch s {
        case "a"..."z", "A"..."Z", "0"..."9": return true
        case "_", "-", ".", "/", ":", "=", "@", "%", "+", ",": return true
        default: return false
        }
    }

    /// Whether a submitted value looks like an attempt at shell syntax (command
    /// substitution, sequencing, pipes, redirections, line breaks). Quoting would make it
    /// harmless anyway; refusing it keeps mistakes and tricks out of the queue.
    public static func containsShellSyntax(_ text: String) -> Bool {
        text.unicodeScalars.contains { "$`;|&<>\n\r\0".unicodeScalars.contains($0) }
    }
}

extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        var out = ""
        var rest = Substring(self)
        while let r = rest.firstRange(of: target) {
            out += rest[..<r.lowerBound]
            out += replacement
            rest = rest[r.upperBound...]
        }
        out += rest
        return out
    }
}
