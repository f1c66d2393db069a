/// A row of an `IDTable`: something with an id handed out in sequence.
public protocol IDTableRow: Sendable, Equatable {
    /// The row's id; a stored row's id is the id it is stored at.
    var id: Int { get }
    /// What an empty slot holds: any value whose `id` is negative.
    static var vacantRow: Self { get }
}

/// A table of rows indexed by id, for ids handed out in sequence and never reused (jobs,
/// activities, the scheduler's filed candidate keys).
///
/// Rows live in dense chunks of `chunkSize` slots: chunk `id >> chunkShift`, slot
/// `id & slotMask`. Each chunk is its own copy-on-write array, so copying the table (the
/// saver takes a copy of the farm to write a snapshot) costs one retain per chunk, and a
/// change made while that copy lives copies only the chunk it touches. Against a hash tree
/// keyed by id there is no hashing, no node split and no tail move on insert; a row's
/// fields are read where it is stored; iteration is in id order. A chunk whose every row
/// was removed is released, so a history trimmed from its old end keeps only its live
/// chunks (plus one pointer per released chunk).
public struct IDTable<Row: IDTableRow>: Sendable, Equatable {
    @usableFromInline static var chunkShift: Int { 8 }
    @usableFromInline static var chunkSize: Int { 1 << chunkShift }
    @usableFromInline static var slotMask: Int { chunkSize - 1 }
    /// Ids at or above this are refused: no farm hands out that many, and a damaged file
    /// must not make the table allocate for them.
    public static var idLimit: Int { 1 << 40 }

    /// Each chunk holds `chunkSize` slots, an empty slot holding `Row.vacantRow`; a chunk
    /// with no row at all is an empty array.
    @usableFromInline var chunks: [[Row]] = []
    /// Rows present in each chunk.
    @usableFromInline var present: [Int32] = []
    @usableFromInline var storedCount = 0

    /// The number of rows stored.
    public var count: Int { storedCount }

    /// An empty table.
    public init() {}

    /// Whether `id` can be stored (`0 ..< idLimit`).
    @inlinable public static func isStorable(_ id: Int) -> Bool { id >= 0 && id < idLimit }

    /// Whether a row is stored at `id`.
    @inlinable public func contains(_ id: Int) -> Bool {
        guard id >= 0, id >> Self.chunkShift < chunks.count else { return false }
        let chunk = id >> Self.chunkShift
        return !chunks[chunk].isEmpty && idInSlot(chunk, id & Self.slotMask) >= 0
    }

    /// The id of the row in a slot of a non-empty chunk (negative when the slot is empty),
    /// read through the buffer: the array's subscript would copy the whole row.
    @inlinable func idInSlot(_ chunk: Int, _ slot: Int) -> Int {
        chunks[chunk].withUnsafeBufferPointer { $0[slot].id }
    }

    /// The row with this id, or nil. Setting nil removes it; setting a row stores it.
    @inlinable public subscript(id: Int) -> Row? {
        get { contains(id) ? chunks[id >> Self.chunkShift][id & Self.slotMask] : nil }
        set {
            if let row = consume newValue { store(row, at: id) } else { remove(id) }
        }
        _modify {
            // A stored row is moved out and back, not copied; a missing id yields a nil of
            // its own, so `table[unknown]?.x = …` allocates nothing.
            if contains(id) {
                let chunk = id >> Self.chunkShift, slot = id & Self.slotMask
                var taken = Row.vacantRow
                swap(&taken, &chunks[chunk][slot])
                var value: Row? = consume taken
                defer {
                    if let row = value.take() {
                        chunks[chunk][slot] = consume row
                    } else {
                        dropped(chunk: chunk)
                    }
                }
                yield &value
            } else {
                var value: Row? = nil
                yield &value
                if let value { store(value, at: id) }
            }
        }
    }

    /// Fills a new row at `id` where it will be stored: `fill` gets the empty slot and must
    /// set the row's `id` to `id`. Nothing is stored when `fill` throws. No row must be at
    /// `id` yet.
    @inlinable public mutating func insert<E: Error>(id: Int, _ fill: (inout Row) throws(E) -> Void) throws(E) {
        precondition(Self.isStorable(id) && !contains(id), "row \(id) inserted twice")
        let chunk = id >> Self.chunkShift, slot = id & Self.slotMask
        if chunk >= chunks.count { grow(through: chunk) }
        if chunks[chunk].isEmpty { chunks[chunk] = [Row](repeating: Row.vacantRow, count: Self.chunkSize) }
        do {
            try fill(&chunks[chunk][slot])
        } catch {
            chunks[chunk][slot] = Row.vacantRow
            throw error
        }
        precondition(idInSlot(chunk, slot) == id, "row filled at \(id) says \(idInSlot(chunk, slot))")
        present[chunk] += 1
        storedCount += 1
    }

    /// Changes the row at `id` in place through `body` (cheaper than the subscript's
    /// optional, which moves the row out and back); nil when there is none. `body` must
    /// not change the row's id.
    @inlinable @discardableResult
    public mutating func update<R>(_ id: Int, _ body: (inout Row) throws -> R) rethrows -> R? {
        guard contains(id) else { return nil }
        return try body(&chunks[id >> Self.chunkShift][id & Self.slotMask])
    }

    /// Removes the row at `id`; returns whether there was one.
    @inlinable @discardableResult public mutating func remove(_ id: Int) -> Bool {
        guard contains(id) else { return false }
        let chunk = id >> Self.chunkShift
        chunks[chunk][id & Self.slotMask] = Row.vacantRow
        dropped(chunk: chunk)
        return true
    }

    /// Reads a row's fields where it is stored, without copying it out.
    @inlinable public func withRow<R>(_ id: Int, _ body: (borrowing Row) throws -> R) rethrows -> R? {
        guard contains(id) else { return nil }
        // Through the buffer: the array's subscript would hand out a copy of the row.
        return try chunks[id >> Self.chunkShift].withUnsafeBufferPointer { try body($0[id & Self.slotMask]) }
    }

    /// Calls `body` with every row, in id order, read where it is stored.
    @inlinable public func forEachRow(_ body: (borrowing Row) throws -> Void) rethrows {
        for chunk in chunks where !chunk.isEmpty {
            try chunk.withUnsafeBufferPointer { rows in
                for slot in rows.indices where rows[slot].id >= 0 { try body(rows[slot]) }
            }
        }
    }

    /// The lowest id stored, or nil when empty.
    public var firstID: Int? {
        guard let chunk = present.firstIndex(where: { $0 > 0 }),
              let slot = (0..<Self.chunkSize).first(where: { idInSlot(chunk, $0) >= 0 }) else { return nil }
        return chunk << Self.chunkShift + slot
    }

    /// One past the highest id stored (0 when empty).
    public var idBound: Int {
        guard let chunk = present.lastIndex(where: { $0 > 0 }),
              let slot = (0..<Self.chunkSize).last(where: { idInSlot(chunk, $0) >= 0 }) else { return 0 }
        return chunk << Self.chunkShift + slot + 1
    }

    @inlinable mutating func store(_ row: consuming Row, at id: Int) {
        precondition(Self.isStorable(id) && row.id == id, "row \(row.id) stored at id \(id)")
        let chunk = id >> Self.chunkShift, slot = id & Self.slotMask
        if chunk >= chunks.count { grow(through: chunk) }
        if chunks[chunk].isEmpty { chunks[chunk] = [Row](repeating: Row.vacantRow, count: Self.chunkSize) }
        if idInSlot(chunk, slot) < 0 {
            present[chunk] += 1
            storedCount += 1
        }
        chunks[chunk][slot] = row
    }

    @usableFromInline mutating func grow(through chunk: Int) {
        chunks.reserveCapacity(Swift.max(chunk + 1, chunks.count * 2))
        present.reserveCapacity(chunks.capacity)
        while chunks.count <= chunk {
            chunks.append([])
            present.append(0)
        }
    }

    /// Counts one row fewer in `chunk`, releasing the chunk when none is left.
    @usableFromInline mutating func dropped(chunk: Int) {
        present[chunk] -= 1
        storedCount -= 1
        if present[chunk] == 0 { chunks[chunk] = [] }
    }

    /// The rows of `parts` in one table. Each part must hold rows in chunks no other part
    /// holds (ids decoded block by block, each block a run of whole chunks); returns nil when
    /// two parts hold rows of one chunk.
    public init?(joining parts: [IDTable]) {
        for part in parts {
            if part.chunks.count > chunks.count { grow(through: part.chunks.count - 1) }
            for (c, chunk) in part.chunks.enumerated() where !chunk.isEmpty {
                guard chunks[c].isEmpty else { return nil }
                chunks[c] = chunk
                present[c] = part.present[c]
            }
            storedCount += part.storedCount
        }
    }

    /// How many ids a block of `joining` spans: a whole number of chunks.
    public static var idsPerBlock: Int { chunkSize << 8 }

    public static func == (a: IDTable, b: IDTable) -> Bool {
        a.count == b.count && a.elementsEqual(b) { $0.key == $1.key && $0.value == $1.value }
    }
}

extension IDTable: Sequence {
    /// Rows with their ids, in id order.
    public struct Iterator: IteratorProtocol {
        let chunks: [[Row]]
        var nextID = 0

        public mutating func next() -> (key: Int, value: Row)? {
            while nextID >> IDTable.chunkShift < chunks.count {
                let chunk = nextID >> IDTable.chunkShift
                if chunks[chunk].isEmpty {
                    nextID = (chunk + 1) << IDTable.chunkShift
                    continue
                }
                let slot = nextID & IDTable.slotMask
                nextID += 1
                if let row = chunks[chunk].withUnsafeBufferPointer({ $0[slot].id >= 0 ? $0[slot] : nil }) {
                    return (row.id, row)
                }
            }
            return nil
        }
    }

    public func makeIterator() -> Iterator { Iterator(chunks: chunks) }
    public var underestimatedCount: Int { count }

    /// The ids present, in order.
    public var keys: [Int] {
        var ids: [Int] = []
        ids.reserveCapacity(count)
        forEachRow { ids.append($0.id) }
        return ids
    }

    /// The rows, in id order.
    public var values: LazyMapSequence<IDTable, Row> { lazy.map(\.value) }

    /// Whether no row is stored.
    public var isEmpty: Bool { count == 0 }
}

extension IDTable: ExpressibleByDictionaryLiteral {
    /// A table holding these rows (each key must be its row's id).
    public init(dictionaryLiteral elements: (Int, Row)...) {
        for (id, row) in elements { self[id] = row }
    }
}

/// The farm's jobs by id.
public typealias JobStore = IDTable<Job>
/// The activity history by id.
public typealias ActivityStore = IDTable<Activity>

extension Job: IDTableRow {
    public static let vacantRow = Job(id: -1, parent: nil, now: 0)
}

extension Activity: IDTableRow {
    public static let vacantRow = Activity(id: -1, worker: "", jobID: -1, jobTitle: "", state: .waiting, start: 0, duration: 0)
}
