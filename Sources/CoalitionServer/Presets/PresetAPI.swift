import CoalitionCore
import CoalitionPresets
import CoalitionWire
import Foundation
import Hummingbird

/// `/json/presets` and `/json/submit`: render presets for the web UI, the control tool
/// and scripts (docs/presets.md). Additions: no v3 endpoint changes.
struct PresetAPI: Sendable {
    let service: FarmService
    let library: PresetLibrary

    /// The presets with their parameters, and the files that could not be used.
    func list() -> Response {
        let catalog = library.catalog()
        let body = PresetListing(presets: catalog.sorted.map(PresetListing.Entry.init), problems: catalog.problems)
        return Self.encode(body)
    }

    /// Validates a submission and queues its jobs (or, with `dryrun=1`, shows them).
    /// Success: the parent's id as text. Refusal: HTTP 400 and `error: <reason>`.
    func submit(_ p: FormParameters, login: String) async -> Response {
        guard var options = NewJob(parameters: p, login: login) else {
            return Self.refuse("priority, retry and timeout must be whole numbers")
        }
        let request = SubmissionRequest(
            preset: p["preset"] ?? "", file: p["file"] ?? "", frames: p["frames"] ?? "", chunk: p["chunk"],
            parameters: p.all("param").map { pair in
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
            })
        let plan: SubmissionPlan
        do {
            let preset = try library.catalog().preset(named: request.preset)
            plan = try preset.plan(request, maximumChunks: library.maximumChunks,
                                   checks: library.pathChecks(relativeTo: options.dir))
        } catch {
            return Self.refuse(error.description)
        }
        if !p.has("title") { options.title = plan.title }
        if FarmText.integer(p["dryrun"] ?? "0") ?? 0 != 0 {
            return Self.encode(DryRun(title: options.title, jobs: plan.children.map(DryRun.Job.init)))
        }
        switch await service.queueSubmission(plan, options: options, parentReference: p["parent"] ?? "0", login: login) {
        case .success(let id): return Answer.text(String(id))
        case .failure(let error): return Self.refuse(error.description)
        }
    }

    static func refuse(_ reason: String) -> Response {
        Answer.text("error: " + reason.replacingOccurrences(of: "\n", with: " "), status: .badRequest)
    }

    static func encode(_ value: some Encodable) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return Answer.text("cannot encode", status: .internalServerError) }
        return Answer.json(Array(data))
    }
}

/// The body of `/json/presets`.
struct PresetListing: Encodable {
    struct Entry: Encodable {
        var name, title, description, command: String
        var chunk: Int
        var fileMustExist: Bool
        var parameters: [Parameter]

        init(_ preset: Preset) {
            name = preset.name
            title = preset.title
            description = preset.description
            chunk = preset.chunk
            fileMustExist = preset.checks.fileExists
            command = preset.command.map { part in
                switch part {
                case .argument(let t): return t
                case .optionalGroup(let ts): return "[" + ts.joined(separator: " ") + "]"
                }
            }.joined(separator: " ")
            parameters = preset.parameters.map(Parameter.init)
        }

        enum CodingKeys: String, CodingKey {
            case name, title, description, command, chunk, parameters
            case fileMustExist = "file_must_exist"
        }
    }

    struct Parameter: Encodable {
        var name, type, description: String
        var required: Bool
        var defaultValue: String?
        var choices: [String]

        init(_ p: PresetParameter) {
            name = p.name
            type = p.type.rawValue
            description = p.description
            required = p.required
            defaultValue = p.defaultValue
            choices = p.choices
        }

        enum CodingKeys: String, CodingKey {
            case name, type, description, required, choices
            case defaultValue = "default"
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            try c.encode(type, forKey: .type)
            try c.encode(description, forKey: .description)
            try c.encode(required, forKey: .required)
            try c.encode(defaultValue, forKey: .defaultValue)
            try c.encode(choices, forKey: .choices)
        }
    }

    var presets: [Entry]
    var problems: [String]
}

/// The body of a `/json/submit?dryrun=1` answer.
struct DryRun: Encodable {
    struct Job: Encodable {
        var title, command: String
        var localprogress, globalprogress: String?

        init(_ job: PlannedJob) {
            title = job.title
            command = job.command
            localprogress = job.localProgress
            globalprogress = job.globalProgress
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(title, forKey: .title)
            try c.encode(command, forKey: .command)
            try c.encode(localprogress, forKey: .localprogress)
            try c.encode(globalprogress, forKey: .globalprogress)
        }

        enum CodingKeys: String, CodingKey { case title, command, localprogress, globalprogress }
    }

    var title: String
    var jobs: [Job]
}
