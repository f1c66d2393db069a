/// An ordered set kept as a list of short sorted arrays ("chunks").
///
/// Picking walks a group's runnable children in priority order and removes or re-keys
/// a few of them per hand-out; with a million children under one parent a single
/// sorted array would move megabytes per change. Chunks bound every insert and remove
/// to a binary search plus a short move, and iteration stays a plain array walk.
/// (swift-collections' SortedSet is still an unstable, trait-gated prototype.)
public struct SortedChunkSet<Element: Comparable & Sendable>: Sendable, Sequence {
    private var chunks: [[Element]] = []
    public private(set) var count = 0
    private static var maxChunk: Int { 512 }

    public init() {}

    /// Builds the set from elements already sorted ascending and distinct.
    public init(sorted elements: [Element]) {
        var start = 0
        let half = Self.maxChunk / 2
        while start < elements.count {
            let end = Swift.min(elements.count, start + half)
            chunks.append(Array(elements[start..<end]))
            start = end
        }
        count = elements.count
    }

    public var isEmpty: Bool { count == 0 }
    public var first: Element? { chunks.first?.first }

    /// Index of the chunk that holds, or would hold, `element`.
    private func chunkIndex(for element: Element) -> Int {
        var lo = 0
        var hi = chunks.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if chunks[mid][chunks[mid].count - 1] < element {
                lo = mid + 1
            } else {
                hi = mid
            }
        }
        return lo
    }

    private static func position(of element: Element, in chunk: [Element]) -> Int {
        var lo = 0
        var hi = chunk.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if chunk[mid] < element { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    public func contains(_ element: Element) -> Bool {
        guard !chunks.isEmpty else { return false }
        let c = chunkIndex(for: element)
        let chunk = chunks[c]
        let p = Self.position(of: element, in: chunk)
        return p < chunk.count && chunk[p] == element
    }

    /// Inserts `element`; returns false when it was already there.
    @discardableResult
    public mutating func insert(_ element: Element) -> Bool {
        if chunks.isEmpty {
            chunks.append([element])
            count = 1
            return true
        }
        let c = chunkIndex(for: element)
        let p = Self.position(of: element, in: chunks[c])
        if p < chunks[c].count && chunks[c][p] == element { return false }
        chunks[c].insert(element, at: p)
        count += 1
        if chunks[c].count > Self.maxChunk {
            let half = chunks[c].count / 2
            let tail = Array(chunks[c][half...])
            chunks[c].removeSubrange(half...)
            chunks.insert(tail, at: c + 1)
        }
        return true
    }

    /// Removes `element`; returns false when it was not there.
    @discardableResult
    public mutating func remove(_ element: Element) -> Bool {
        guard !chunks.isEmpty else { return false }
        let c = chunkIndex(for: element)
        let p = Self.position(of: element, in: chunks[c])
        guard p < chunks[c].count && chunks[c][p] == element else { return false }
        chunks[c].remove(at: p)
        count -= 1
        if chunks[c].isEmpty {
            chunks.remove(at: c)
        } else if c + 1 < chunks.count && chunks[c].count + chunks[c + 1].count < Self.maxChunk / 2 {
            chunks[c].append(contentsOf: chunks[c + 1])
            chunks.remove(at: c + 1)
        }
        return true
    }

    public struct Iterator: IteratorProtocol {
        fileprivate let chunks: [[Element]]
        fileprivate var chunk = 0
        fileprivate var offset = 0

        public mutating func next() -> Element? {
            while chunk < chunks.count {
                if offset < chunks[chunk].count {
                    defer { offset += 1 }
                    return chunks[chunk][offset]
                }
                chunk += 1
                offset = 0
            }
            return nil
        }
    }

    public func makeIterator() -> Iterator { Iterator(chunks: chunks) }
}
