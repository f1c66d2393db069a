/// What a submitter asks for: a preset, a file, frames, a chunk size and parameters.
public struct SubmissionRequest: Sendable, Equatable {
    public var preset: String
    public var file: String
    public var frames: String
    /// Frames per chunk; nil for the preset's default.
    public var chunk: String?
    /// `name=value` pairs in the order given (a later value of a name wins).
    public var parameters: [(String, String)]

    public init(preset: String, file: String, frames: String, chunk: String? = nil, parameters: [(String, String)] = []) {
        self.preset = preset
        self.file = file
        self.frames = frames
        self.chunk = chunk
        self.parameters = parameters
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.preset == b.preset && a.file == b.file && a.frames == b.frames && a.chunk == b.chunk
            && a.parameters.elementsEqual(b.parameters) { $0 == $1 }
    }
}

/// One chunk job to create.
public struct PlannedJob: Sendable, Equatable {
    public var title: String
    public var command: String
    public var localProgress: String?
    public var globalProgress: String?
}

/// The jobs a submission creates: one parent group (no command) and its chunk jobs.
public struct SubmissionPlan: Sendable, Equatable {
    public var title: String
    public var children: [PlannedJob]
}

/// The file-system questions a submission asks, answered by the server (the only I/O).
public struct PathChecks: Sendable {
    /// Whether `path` exists.
    public var exists: @Sendable (String) -> Bool
    /// Whether `directory` exists and the server may create files in it.
    public var directoryWritable: @Sendable (String) -> Bool
    /// Prefixes of paths the server sees as the render nodes do; outputs elsewhere are
    /// not checked (the server cannot know the nodes' local disks).
    public var sharedPaths: [String]

    public init(exists: @escaping @Sendable (String) -> Bool, directoryWritable: @escaping @Sendable (String) -> Bool,
                sharedPaths: [String]) {
        self.exists = exists
        self.directoryWritable = directoryWritable
        self.sharedPaths = sharedPaths
    }

    /// Whether `path` lies under one of the shared prefixes (whole path components).
    public func isShared(_ path: String) -> Bool {
        sharedPaths.contains { prefix in
            let p = prefix.hasSuffix("/") && prefix.count > 1 ? String(prefix.dropLast()) : prefix
            return path == p || path.hasPrefix(p == "/" ? "/" : p + "/")
        }
    }

    /// The directory part of `path` ("." when there is none).
    public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}

extension Preset {
    /// Validates `request` against this preset and builds the jobs, or throws the first
    /// problem found. Nothing here has side effects: the caller queues the plan.
    public func plan(_ request: SubmissionRequest, maximumChunks: Int, checks pathChecks: PathChecks) throws(PresetError) -> SubmissionPlan {
        let values = try parameterValues(request.parameters)
        let file = request.file
        guard !file.isEmpty else { throw .missingParameter("file") }
        if ShellQuoting.containsShellSyntax(file) { throw .shellSyntax(parameter: "file") }
        let size: Int
        if let text = request.chunk.map({ Substring($0).trimmingCharacters(in: " \t") }), !text.isEmpty {
            guard let n = Int(text), n >= 1 else { throw .invalidChunk(text) }
            size = n
        } else {
            size = chunk
        }
        let frames = try FrameRange(parsing: request.frames)
        let chunks = try frames.chunks(size: size, maximum: maximumChunks)
        if checks.fileExists && !pathChecks.exists(file) { throw .fileNotFound(file) }
        for output in checks.writableOutputs {
            guard let path = values[output], !path.isEmpty, pathChecks.isShared(path) else { continue }
            let directory = PathChecks.directory(of: path)
            if !pathChecks.directoryWritable(directory) { throw .outputNotWritable(directory) }
        }
        var children: [PlannedJob] = []
        children.reserveCapacity(chunks.count)
        for c in chunks {
            children.append(try job(for: c, file: file, values: values))
        }
        return SubmissionPlan(title: Self.baseName(file), children: children)
    }

    /// The submitted values merged with the defaults, checked and normalized.
    func parameterValues(_ given: [(String, String)]) throws(PresetError) -> [String: String] {
        var raw: [String: String] = [:]
        for (name, value) in given {
            guard parameter(name) != nil else { throw .unknownParameter(name, preset: self.name) }
            raw[name] = value
        }
        var values: [String: String] = [:]
        for p in parameters {
            if let v = raw[p.name] ?? p.defaultValue, !v.isEmpty {
                values[p.name] = try p.normalized(v)
            } else if p.required {
                throw .missingParameter(p.name)
            }
        }
        return values
    }

    /// One chunk's job: the command with every argument substituted and quoted.
    func job(for c: FrameChunk, file: String, values: [String: String]) throws(PresetError) -> PlannedJob {
        let numbers = ["start": String(c.start), "end": String(c.end), "step": String(c.step),
                       "frame": String(c.start), "count": String(c.count)]
        var words: [String] = []
        for part in command {
            switch part {
            case .argument(let t):
                words.append(try word(t, file: file, numbers: numbers, values: values))
            case .optionalGroup(let ts):
                let names = ts.flatMap { (try? CommandTemplate.placeholders(in: $0)) ?? [] }
                guard names.allSatisfy({ Self.builtinPlaceholders.contains($0) || values[$0] != nil }) else { continue }
                for t in ts { words.append(try word(t, file: file, numbers: numbers, values: values)) }
            }
        }
        let progress: (String?) throws(PresetError) -> String? = { pattern throws(PresetError) in
            guard let pattern else { return nil }
            return try CommandTemplate.substitute(pattern) { numbers[$0] ?? "" }
        }
        let title = c.count == 1 ? "frame \(c.start)" : (c.step == 1 ? "frames \(c.start)-\(c.end)" : "frames \(c.start)-\(c.end)x\(c.step)")
        return PlannedJob(title: title, command: words.joined(separator: " "),
                          localProgress: try progress(localProgress), globalProgress: try progress(globalProgress))
    }

    /// One command argument. An argument that is exactly one `shell` parameter is
    /// inserted as written (with the chunk numbers substituted); any other is one word.
    private func word(_ template: String, file: String, numbers: [String: String], values: [String: String]) throws(PresetError) -> String {
        let names = try CommandTemplate.placeholders(in: template)
        if names.count == 1, template == "{\(names[0])}", parameter(names[0])?.type == .shell {
            return try CommandTemplate.substitute(values[names[0]] ?? "") { name in
                name == "file" ? ShellQuoting.quote(file) : numbers[name] ?? "{\(name)}"
            }
        }
        let text = try CommandTemplate.substitute(template) { name in
            if name == "file" { return file }
            if let number = numbers[name] { return number }
            guard let value = values[name] else { return "" }
            // A path may name the chunk it belongs to (one segment per chunk).
            guard parameter(name)?.type == .path else { return value }
            return (try? CommandTemplate.substitute(value) { numbers[$0] ?? "{\($0)}" }) ?? value
        }
        return ShellQuoting.quote(text)
    }

    /// The last path component of `path` (either separator), for the parent's title.
    public static func baseName(_ path: String) -> String {
        let trimmed = path.hasSuffix("/") ? String(path.dropLast()) : path
        guard let cut = trimmed.lastIndex(where: { $0 == "/" || $0 == "\\" }) else { return trimmed }
        return String(trimmed[trimmed.index(after: cut)...])
    }
}
