import Foundation

/// The environment a job runs with, and the `$(VAR)` expansion of its command and directory.
struct JobEnvironment: Equatable, Sendable {
    /// The variables the child process gets.
    var variables: [String: String]
    /// True when the job carried overrides (otherwise the child inherits the worker's environment).
    var hasOverrides: Bool

    /// How many expansion passes are made before giving up on a self-referencing value.
    static let maxExpansionPasses = 64

    /// Merges the job's overrides over the worker's environment. Overrides are separated by the
    /// two characters backslash + `n` (not a newline); each piece is split at its first `=`;
    /// pieces without `=` (or with an empty name) are ignored. Nil or empty means "no overrides".
    init(overrides: String?, base: [String: String]) {
        variables = base
        hasOverrides = false
        guard let overrides, !overrides.isEmpty else { return }
        hasOverrides = true
        for piece in overrides.components(separatedBy: "\\n") {
            // Pieces without `=`, or with an empty name, cannot be variables.
            guard let equal = piece.firstIndex(of: "="), equal != piece.startIndex else { continue }
            variables[String(piece[..<equal])] = String(piece[piece.index(after: equal)...])
        }
    }

    /// Tells the job who it is and where its server is (`COALITION_JOB_ID`,
    /// `COALITION_SERVER_URL`), so a process inside it can post its progress with the
    /// `COALITION_JOB_TOKEN` the server put among its overrides.
    mutating func identify(job id: Int64, serverURL: String) {
        variables["COALITION_JOB_ID"] = String(id)
        variables["COALITION_SERVER_URL"] = serverURL
        hasOverrides = true
    }

    /// Result of expanding one string: the text and the log lines it produced.
    struct Expansion: Equatable, Sendable {
        var text: String
        var messages: [String]
    }

    /// Expands a command or directory: on POSIX a leading drive letter `X:` first becomes
    /// `$(X_DRIVE)`; then every `$(NAME)` is replaced by NAME's value (empty and an error line
    /// when unknown), pass after pass until none is left or the pass limit is reached.
    func expand(_ input: String, mapDriveLetter: Bool = true) -> Expansion {
        var text = mapDriveLetter ? Self.mapDriveLetter(input) : input
        var messages: [String] = []
        var passes = 0
        while let _ = Self.nextReference(in: text, from: text.startIndex) {
            if passes == Self.maxExpansionPasses {
                messages.append("ERROR : Environment expansion stopped after \(passes) passes (recursive variable?)")
                break
            }
            passes += 1
            var out = ""
            var position = text.startIndex
            while let reference = Self.nextReference(in: text, from: position) {
                out += text[position..<reference.range.lowerBound]
                if let value = variables[reference.name] {
                    out += value
                } else {
                    messages.append("ERROR : Environment variable not found : " + reference.name)
                }
                position = reference.range.upperBound
            }
            out += text[position...]
            text = out
        }
        return Expansion(text: text, messages: messages)
    }

    /// `Z:\proj` → `$(Z_DRIVE)\proj` (letter upper-cased, only at the very start).
    static func mapDriveLetter(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars.prefix(2))
        guard scalars.count == 2, scalars[1] == ":",
              ("a"..."z").contains(scalars[0]) || ("A"..."Z").contains(scalars[0]) else { return text }
        let letter = String(scalars[0]).uppercased()
        return "$(\(letter)_DRIVE)" + String(text.unicodeScalars.dropFirst(2))
    }

    /// The next `$(NAME)` at or after `start`; NAME is any text without `)` (possibly empty).
    private static func nextReference(
        in text: String, from start: String.Index
    ) -> (range: Range<String.Index>, name: String)? {
        var search = start
        while let dollar = text[search...].range(of: "$(") {
            if let close = text[dollar.upperBound...].firstIndex(of: ")") {
                return (dollar.lowerBound..<text.index(after: close), String(text[dollar.upperBound..<close]))
            }
            search = dollar.upperBound
        }
        return nil
    }
}

extension JobEnvironment {
    /// Sets one variable for the job (e.g. `CUDA_VISIBLE_DEVICES` for its reserved GPUs).
    mutating func set(_ name: String, _ value: String) {
        variables[name] = value
        hasOverrides = true
    }
}
