import CoalitionClient
import Foundation

/// The render actions: `presets` and `submit` (the server's `/json/presets` and
/// `/json/submit`, docs/presets.md).
struct PresetActions: Sendable {
    let invocation: ControlInvocation
    let api: CoalitionAPI

    /// `presets`: each preset with its parameters (`--json`: the server's document).
    func list() async throws {
        try invocation.expectNoArguments()
        let document = try await api.callJSON("/json/presets")
        if invocation.json {
            Console.line(document.text)
            return
        }
        Console.write(Self.describe(document))
    }

    /// The human listing of a `/json/presets` document.
    static func describe(_ document: JSONValue) -> String {
        var out = ""
        for preset in document["presets"]?.arrayValue ?? [] {
            let name = preset["name"]?.stringValue ?? ""
            let title = preset["title"]?.stringValue ?? ""
            out += name + (title.isEmpty || title == name ? "" : "  (\(title))") + "\n"
            if let d = preset["description"]?.stringValue, !d.isEmpty { out += "  \(d)\n" }
            if let c = preset["command"]?.stringValue { out += "  command: \(c)\n" }
            if let chunk = preset["chunk"]?.intValue { out += "  chunk: \(chunk) frames\n" }
            for p in preset["parameters"]?.arrayValue ?? [] {
                var line = "  --param \(p["name"]?.stringValue ?? "")=<\(p["type"]?.stringValue ?? "")>"
                if p["required"]?.boolValue == true { line += "  required" }
                if let d = p["default"]?.stringValue { line += "  default: \(d)" }
                if let choices = p["choices"]?.arrayValue, !choices.isEmpty {
                    line += "  one of: " + choices.compactMap(\.stringValue).joined(separator: ", ")
                }
                if let d = p["description"]?.stringValue, !d.isEmpty { line += "\n      \(d)" }
                out += line + "\n"
            }
        }
        for problem in document["problems"]?.arrayValue ?? [] {
            out += "unusable: \(problem.stringValue ?? "")\n"
        }
        return out
    }

    /// `submit PRESET FILE`: prints the parent's id, or with `--dry-run` the jobs.
    func submit() async throws {
        let params = try Self.parameters(for: invocation)
        let answer = try await api.submit(params)
        if invocation.options.has(.dryRun) {
            let document: JSONValue
            do { document = try JSONValue.parse(answer) } catch {
                throw ControlError.failure("the server's answer to /json/submit is not valid JSON")
            }
            if invocation.json {
                Console.line(document.text)
            } else {
                Console.line("parent: \(document["title"]?.stringValue ?? "")")
                for job in document["jobs"]?.arrayValue ?? [] {
                    Console.line("  \(job["title"]?.stringValue ?? ""): \(job["command"]?.stringValue ?? "")")
                }
            }
            return
        }
        guard let id = Int64(answer.trimmingWhitespace) else {
            throw ControlError.failure("unexpected answer from /json/submit: '\(answer.prefix(80))'")
        }
        Console.line(invocation.json ? JSONValue.object([("ID", .int(id))]).text : String(id))
    }

    /// The `/json/submit` parameters of a command line.
    static func parameters(for invocation: ControlInvocation) throws -> [(String, String)] {
        let options = invocation.options
        guard invocation.arguments.count == 2 else {
            throw ControlError.usage("'submit' takes PRESET FILE (e.g. 'submit blender /projects/shot.blend --frames 1-240')")
        }
        guard let frames = options.last(.frames) else {
            throw ControlError.usage("'submit' needs --frames (e.g. --frames 1-240, 1-100x5 or 1,5,10-12)")
        }
        if options.has(.command) { throw ControlError.usage("'submit' builds the command from the preset: no -c") }
        // A relative FILE is taken from the current directory (the server and the render
        // nodes do not share it), unless -d names the directory it is relative to.
        var file = invocation.arguments[1]
        if !file.hasPrefix("/") && !options.has(.directory) {
            file = FileManager.default.currentDirectoryPath + "/" + file
        }
        var params: [(String, String)] = [("preset", invocation.arguments[0]), ("file", file), ("frames", frames)]
        if let chunk = options.last(.chunk) {
            params.append(("chunk", String(try ControlInvocation.integer(chunk, option: "--chunk"))))
        }
        for pair in options.values(.param) {
            guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                throw ControlError.usage("invalid value '\(pair)' for --param: expected NAME=VALUE")
            }
            params.append(("param", pair))
        }
        // The usual job options, as add sends them (only those given: the server has the defaults).
        if options.has(.parent) { params.append(("parent", options.last(.parent)!)) }
        if let title = options.last(.title) { params.append(("title", title)) }
        if let dir = options.last(.directory) { params.append(("dir", dir)) }
        for (key, name) in [(OptionKey.priority, "priority"), (.retry, "retry"), (.timeout, "timeout")] {
            if let v = try invocation.integer(key) { params.append((name, String(v))) }
        }
        if let affinity = options.last(.affinity) { params.append(("affinity", affinity)) }
        let dependencies = options.values(.dependencies)
        if !dependencies.isEmpty {
            let ids = (try? JobIDList.parse(dependencies))?.map(String.init) ?? dependencies
            params.append(("dependencies", ids.joined(separator: " ")))
        }
        let environment = options.values(.env)
        for entry in environment where !entry.contains("=") {
            throw ControlError.usage("invalid value '\(entry)' for --env: expected NAME=VALUE")
        }
        if !environment.isEmpty { params.append(("env", environment.joined(separator: AddJobRequest.environmentSeparator))) }
        if let url = options.last(.url) { params.append(("url", url)) }
        if let user = options.last(.user) { params.append(("user", user)) }
        if options.has(.paused) { params.append(("paused", "1")) }
        if options.has(.dryRun) { params.append(("dryrun", "1")) }
        return params
    }
}

extension CoalitionAPI {
    /// `submit`: the answer text on success; the server's one-line reason as a failure.
    func submit(_ params: [(String, String)]) async throws -> String {
        if verbose { Console.error("POST " + client.baseURL + "/json/submit (form body)") }
        let answer: HTTPAnswer
        do {
            answer = try await client.post("/json/submit", params)
        } catch let error as ClientError {
            throw ControlError.failure("cannot reach the server at \(client.baseURL): \(error)")
        }
        switch answer.status {
        case 200: return answer.text
        case 400:
            let reason = answer.text.trimmingWhitespace
            throw ControlError.failure(reason.hasPrefix("error: ") ? String(reason.dropFirst(7)) : reason)
        case 401: throw ControlError.failure("the server at \(client.baseURL) requires authentication")
        case 404: throw ControlError.failure("the server at \(client.baseURL) has no render presets (/json/submit)")
        default: throw ControlError.failure("the server answered HTTP \(answer.status) to /json/submit")
        }
    }
}
