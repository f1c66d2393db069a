/// Why a preset could not be read or a submission was refused. Each reads as one line.
public enum PresetError: Error, Equatable, Sendable, CustomStringConvertible {
    case unreadablePreset(file: String, reason: String)
    case invalidPreset(name: String, reason: String)
    case unknownPreset(String)
    case unknownParameter(String, preset: String)
    case missingParameter(String)
    case invalidParameter(String, reason: String)
    case shellSyntax(parameter: String)
    case invalidFrames(String)
    case invalidChunk(String)
    case tooManyChunks(count: Int, maximum: Int)
    case fileNotFound(String)
    case outputNotWritable(String)

    public var description: String {
        switch self {
        case .unreadablePreset(let file, let reason): return "preset file \(file): \(reason)"
        case .invalidPreset(let name, let reason): return "preset \(name): \(reason)"
        case .unknownPreset(let name): return "unknown preset '\(name)'"
        case .unknownParameter(let name, let preset): return "unknown parameter '\(name)' for preset \(preset)"
        case .missingParameter(let name): return "missing required parameter '\(name)'"
        case .invalidParameter(let name, let reason): return "parameter '\(name)': \(reason)"
        case .shellSyntax(let name): return "parameter '\(name)' contains shell syntax ($ ` ; | & < > or a line break)"
        case .invalidFrames(let reason): return "frame range: \(reason)"
        case .invalidChunk(let text): return "chunk size '\(text)' must be a whole number of at least 1"
        case .tooManyChunks(let count, let maximum): return "\(count) chunks is more than the maximum of \(maximum) (maxchunks)"
        case .fileNotFound(let path): return "file not found: \(path)"
        case .outputNotWritable(let path): return "output directory is not writable: \(path)"
        }
    }
}
