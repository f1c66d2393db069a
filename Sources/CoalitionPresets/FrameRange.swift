/// A frame list as written on the command line: comma-separated items, each a frame
/// (`7`), a range (`1-240`) or a stepped range (`1-100x5`: 1, 6, … 96).
public struct FrameRange: Sendable, Equatable {
    /// One item of the list: `first`, `first + step`, … up to `last` (normalized so that
    /// `last` is a frame actually in the segment).
    public struct Segment: Sendable, Equatable {
        public var first: Int
        public var last: Int
        public var step: Int
        public var frameCount: Int { (last - first) / step + 1 }

        public init(first: Int, last: Int, step: Int = 1) {
            self.first = first
            self.step = step
            self.last = first + (last - first) / step * step
        }
    }

    public var segments: [Segment]

    /// Frame numbers above this are refused (guards the arithmetic, not a policy).
    public static let largestFrame = 1_000_000_000

    public var frameCount: Int { segments.reduce(0) { $0 + $1.frameCount } }

    /// Parses `text`; throws `.invalidFrames` with the reason.
    public init(parsing text: String) throws(PresetError) {
        let items = text.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: " \t") }
        guard !(items.count == 1 && items[0].isEmpty) else { throw .invalidFrames("empty") }
        segments = []
        for item in items {
            guard !item.isEmpty else { throw .invalidFrames("empty item in '\(text)'") }
            segments.append(try Self.segment(item))
        }
    }

    public init(segments: [Segment]) {
        self.segments = segments
    }

    private static func segment(_ item: String) throws(PresetError) -> Segment {
        var range = Substring(item)
        var step = 1
        if let x = range.firstIndex(where: { $0 == "x" || $0 == "X" }) {
            guard let s = number(range[range.index(after: x)...]), s >= 1 else {
                throw .invalidFrames("bad step in '\(item)' (want FIRST-LASTxSTEP with STEP >= 1)")
            }
            step = s
            range = range[..<x]
        }
        let bounds = range.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard let first = number(bounds[0]) else { throw .invalidFrames("'\(item)' is not a frame or FIRST-LAST") }
        let last: Int
        if bounds.count == 2 {
            guard let l = number(bounds[1]) else { throw .invalidFrames("'\(item)' is not a frame or FIRST-LAST") }
            last = l
        } else {
            guard step == 1 else { throw .invalidFrames("a step needs a range: '\(item)'") }
            last = first
        }
        guard first <= last else { throw .invalidFrames("'\(item)' is reversed (first frame after last)") }
        return Segment(first: first, last: last, step: step)
    }

    private static func number(_ text: Substring) -> Int? {
        let t = text.trimmingCharacters(in: " \t")
        guard !t.isEmpty, t.count <= 10, t.allSatisfy({ $0.isASCII && $0.isNumber }), let v = Int(t),
              v <= largestFrame else { return nil }
        return v
    }

    /// Cuts every segment into chunks of at most `size` frames, in order. Throws
    /// `.tooManyChunks` before building anything when there would be more than `maximum`.
    public func chunks(size: Int, maximum: Int) throws(PresetError) -> [FrameChunk] {
        guard size >= 1 else { throw .invalidChunk(String(size)) }
        let total = segments.reduce(0) { $0 + ($1.frameCount + size - 1) / size }
        guard total <= maximum else { throw .tooManyChunks(count: total, maximum: maximum) }
        var out: [FrameChunk] = []
        out.reserveCapacity(total)
        for segment in segments {
            var start = segment.first
            while start <= segment.last {
                let end = min(segment.last, start + (size - 1) * segment.step)
                out.append(FrameChunk(start: start, end: end, step: segment.step))
                start = end + segment.step
            }
        }
        return out
    }
}

/// The frames of one job: `start`, `start + step`, … `end`.
public struct FrameChunk: Sendable, Equatable {
    public var start: Int
    public var end: Int
    public var step: Int
    public var count: Int { (end - start) / step + 1 }

    public init(start: Int, end: Int, step: Int = 1) {
        self.start = start
        self.end = end
        self.step = step
    }
}

extension Substring {
    func trimmingCharacters(in set: String) -> String {
        var s = self
        while let c = s.first, set.contains(c) { s.removeFirst() }
        while let c = s.last, set.contains(c) { s.removeLast() }
        return String(s)
    }
}
