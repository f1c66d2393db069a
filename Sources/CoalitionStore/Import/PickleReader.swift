/// Reads the subset of Python 2's pickle protocol 0 that the original Coalition server's
/// `cPickle.dump` produces for its `master_db`: ints, longs, floats, `str`, `unicode`,
/// `None`, lists, tuples, dicts, old-style class instances (`INST` + `BUILD`) and the memo
/// (`PUT`/`GET`). Nothing is ever executed or looked up: an instance is only a class name
/// and an attribute dictionary. Every other opcode is refused, every argument is
/// bounds-checked, and nesting is limited, so hostile input ends in a `PickleError`.
public struct PickleReader {
    /// The limits a reader enforces.
    public struct Limits: Sendable {
        /// Deepest nesting of containers in a value (the original's files need 4).
        public var maxDepth: Int
        /// Longest text argument of one opcode (a string, a number), in bytes.
        public var maxLineLength: Int

        public init(maxDepth: Int = 32, maxLineLength: Int = 16 << 20) {
            self.maxDepth = maxDepth
            self.maxLineLength = maxLineLength
        }
    }

    /// Where the next pickle starts; advanced by `next()`.
    public private(set) var offset: Int
    private let bytes: [UInt8]
    private let limits: Limits

    public init(_ bytes: [UInt8], offset: Int = 0, limits: Limits = Limits()) {
        self.bytes = bytes
        self.offset = offset
        self.limits = limits
    }

    /// True when every byte has been read.
    public var atEnd: Bool { offset >= bytes.count }

    /// Reads one pickle (up to and including its `STOP`).
    public mutating func next() throws(PickleError) -> PickleValue {
        var machine = Machine(limits: limits)
        var pos = offset
        let value = try machine.run(bytes, &pos)
        offset = pos
        return value
    }
}

/// One stack slot: a finished value, or a container still being filled.
private struct Slot {
    enum Kind { case value, list, dict, instance, mark }
    var kind: Kind
    var value: PickleValue = .none
    var items: [PickleValue] = []
    var entries: [PickleDictEntry] = []
    var module = ""
    var name = ""
    var built = false
    /// Nesting depth of what this slot holds (scalars 0).
    var depth = 0
    /// Memo keys naming this container, set once it is finished.
    var memoKeys: [Int] = []
}

private struct Machine {
    let limits: Limits
    typealias Limits = PickleReader.Limits
    var stack: [Slot] = []
    /// Finished values by memo key, with their depth.
    var memo: [Int: (value: PickleValue, depth: Int)] = [:]
    /// Memo keys whose container is still on the stack (a `GET` of one would be a cycle).
    var pendingMemo: Set<Int> = []
    /// Marks and unfinished containers on the stack: the current nesting.
    var open = 0

    init(limits: Limits) { self.limits = limits }

    mutating func run(_ b: [UInt8], _ pos: inout Int) throws(PickleError) -> PickleValue {
        while true {
            guard pos < b.count else { throw .truncated(offset: pos) }
            let at = pos
            let op = b[pos]
            pos += 1
            switch op {
            case UInt8(ascii: "("):
                try push(Slot(kind: .mark), at)
            case UInt8(ascii: "."):
                guard stack.count == 1, stack[0].kind != .mark else {
                    throw .malformed("STOP with \(stack.count) items on the stack", offset: at)
                }
                return try pop(at).value
            case UInt8(ascii: "N"):
                stack.append(Slot(kind: .value, value: .none))
            case UInt8(ascii: "I"):
                let text = try line(b, &pos)
                stack.append(Slot(kind: .value, value: try Self.int(text, at)))
            case UInt8(ascii: "L"):
                var text = try line(b, &pos)
                if text.last == UInt8(ascii: "L") { text.removeLast() }
                guard let v = Self.decimal(text) else { throw .malformed("bad long", offset: at) }
                stack.append(Slot(kind: .value, value: .int(v)))
            case UInt8(ascii: "F"):
                let text = try line(b, &pos)
                guard let v = Double(String(decoding: text, as: UTF8.self)) else {
                    throw .malformed("bad float", offset: at)
                }
                stack.append(Slot(kind: .value, value: .float(v)))
            case UInt8(ascii: "S"):
                let text = try line(b, &pos)
                stack.append(Slot(kind: .value, value: .bytes(try PickleStrings.pythonStringLiteral(text, at))))
            case UInt8(ascii: "V"):
                let text = try line(b, &pos)
                stack.append(Slot(kind: .value, value: .unicode(try PickleStrings.rawUnicodeEscape(text, at))))
            case UInt8(ascii: "l"):
                let (items, depth) = try popToMark(at)
                try checkValueDepth(depth + 1, at)
                try push(Slot(kind: .list, items: items, depth: depth + 1), at)
            case UInt8(ascii: "t"):
                let (items, depth) = try popToMark(at)
                try checkValueDepth(depth + 1, at)
                stack.append(Slot(kind: .value, value: .tuple(items), depth: depth + 1))
            case UInt8(ascii: "d"):
                let (items, depth) = try popToMark(at)
                guard items.count % 2 == 0 else { throw .malformed("DICT with an odd number of items", offset: at) }
                var entries: [PickleDictEntry] = []
                entries.reserveCapacity(items.count / 2)
                for i in stride(from: 0, to: items.count, by: 2) {
                    entries.append(PickleDictEntry(key: items[i], value: items[i + 1]))
                }
                try checkValueDepth(depth + 1, at)
                try push(Slot(kind: .dict, entries: entries, depth: depth + 1), at)
            case UInt8(ascii: "a"):
                let item = try pop(at)
                guard let top = stack.indices.last, stack[top].kind == .list else {
                    throw .malformed("APPEND without a list", offset: at)
                }
                try deepen(top, by: item.depth, at)
                stack[top].items.append(item.value)
            case UInt8(ascii: "s"):
                let value = try pop(at)
                let key = try pop(at)
                guard let top = stack.indices.last, stack[top].kind == .dict else {
                    throw .malformed("SETITEM without a dict", offset: at)
                }
                try deepen(top, by: max(key.depth, value.depth), at)
                stack[top].entries.append(PickleDictEntry(key: key.value, value: value.value))
            case UInt8(ascii: "i"):
                let module = try line(b, &pos)
                let name = try line(b, &pos)
                let (args, _) = try popToMark(at)
                guard args.isEmpty else { throw .malformed("INST with constructor arguments", offset: at) }
                try push(Slot(kind: .instance, module: String(decoding: module, as: UTF8.self),
                              name: String(decoding: name, as: UTF8.self), depth: 1), at)
            case UInt8(ascii: "b"):
                let state = try pop(at)
                guard case .dict(let entries) = state.value else {
                    throw .malformed("BUILD with a \(state.value.kindName) state", offset: at)
                }
                guard let top = stack.indices.last, stack[top].kind == .instance, !stack[top].built else {
                    throw .malformed("BUILD without a new instance", offset: at)
                }
                try deepen(top, by: state.depth, at)
                stack[top].entries = entries
                stack[top].built = true
            case UInt8(ascii: "p"):
                let key = try memoKey(b, &pos, at)
                guard let top = stack.indices.last, stack[top].kind != .mark else {
                    throw .malformed("PUT with an empty stack", offset: at)
                }
                if stack[top].kind == .value {
                    memo[key] = (stack[top].value, stack[top].depth)
                } else {
                    stack[top].memoKeys.append(key)
                    pendingMemo.insert(key)
                }
            case UInt8(ascii: "g"):
                let key = try memoKey(b, &pos, at)
                guard let (value, depth) = memo[key] else {
                    throw .malformed(pendingMemo.contains(key) ? "GET of an unfinished object (a cycle)"
                                                               : "GET of unknown memo \(key)", offset: at)
                }
                stack.append(Slot(kind: .value, value: value, depth: depth))
            default:
                throw .unsupportedOpcode(op, offset: at)
            }
        }
    }

    // MARK: stack

    /// Pushes a slot; marks and containers count as nesting, so a bomb of `(` or `(l`
    /// stops at the limit.
    mutating func push(_ slot: Slot, _ at: Int) throws(PickleError) {
        if slot.kind != .value {
            open += 1
            if open > limits.maxDepth { throw .limit("nesting deeper than \(limits.maxDepth)", offset: at) }
        }
        stack.append(slot)
    }

    /// Pops the top slot as a finished value, recording it under its memo keys.
    mutating func pop(_ at: Int) throws(PickleError) -> (value: PickleValue, depth: Int) {
        guard let last = stack.last, last.kind != .mark else {
            throw .malformed("stack underflow", offset: at)
        }
        stack.removeLast()
        if last.kind != .value { open -= 1 }
        return finish(last)
    }

    mutating func finish(_ slot: Slot) -> (value: PickleValue, depth: Int) {
        let value: PickleValue
        switch slot.kind {
        case .value, .mark: value = slot.value
        case .list: value = .list(slot.items)
        case .dict: value = .dict(slot.entries)
        case .instance: value = .instance(PickleInstance(module: slot.module, name: slot.name, attributes: slot.entries))
        }
        for key in slot.memoKeys {
            memo[key] = (value, slot.depth)
            pendingMemo.remove(key)
        }
        return (value, slot.depth)
    }

    /// Pops every slot above the topmost mark, and the mark.
    mutating func popToMark(_ at: Int) throws(PickleError) -> ([PickleValue], Int) {
        guard let markIndex = stack.lastIndex(where: { $0.kind == .mark }) else {
            throw .malformed("no MARK", offset: at)
        }
        var items: [PickleValue] = []
        items.reserveCapacity(stack.count - markIndex - 1)
        var depth = 0
        open -= 1
        for i in (markIndex + 1)..<stack.count {
            if stack[i].kind != .value { open -= 1 }
            let (v, d) = finish(stack[i])
            items.append(v)
            depth = max(depth, d)
        }
        stack.removeSubrange(markIndex...)
        return (items, depth)
    }

    mutating func deepen(_ index: Int, by childDepth: Int, _ at: Int) throws(PickleError) {
        if childDepth + 1 > stack[index].depth {
            stack[index].depth = childDepth + 1
            try checkValueDepth(childDepth + 1, at)
        }
    }

    func checkValueDepth(_ depth: Int, _ at: Int) throws(PickleError) {
        if depth > limits.maxDepth { throw .limit("nesting deeper than \(limits.maxDepth)", offset: at) }
    }

    // MARK: arguments

    /// The bytes up to the next newline (consumed, not returned).
    func line(_ b: [UInt8], _ pos: inout Int) throws(PickleError) -> ArraySlice<UInt8> {
        let start = pos
        let end = min(b.count, start + limits.maxLineLength + 1)
        var i = start
        while i < end && b[i] != UInt8(ascii: "\n") { i += 1 }
        guard i < b.count else { throw .truncated(offset: b.count) }
        guard i < end else { throw .limit("an argument longer than \(limits.maxLineLength) bytes", offset: start - 1) }
        pos = i + 1
        return b[start..<i]
    }

    mutating func memoKey(_ b: [UInt8], _ pos: inout Int, _ at: Int) throws(PickleError) -> Int {
        let text = try line(b, &pos)
        guard let key = Self.decimal(text), key >= 0 else { throw .malformed("bad memo key", offset: at) }
        return key
    }

    /// `I` arguments: a decimal integer, or `01`/`00` for True/False.
    static func int(_ text: ArraySlice<UInt8>, _ at: Int) throws(PickleError) -> PickleValue {
        if text.elementsEqual("01".utf8) { return .bool(true) }
        if text.elementsEqual("00".utf8) { return .bool(false) }
        guard let v = decimal(text) else { throw .malformed("bad int", offset: at) }
        return .int(v)
    }

    /// A decimal integer with an optional sign that fits in an `Int`, or nil.
    static func decimal(_ text: ArraySlice<UInt8>) -> Int? {
        var i = text.startIndex
        var negative = false
        if i < text.endIndex && (text[i] == UInt8(ascii: "-") || text[i] == UInt8(ascii: "+")) {
            negative = text[i] == UInt8(ascii: "-")
            i += 1
        }
        guard i < text.endIndex else { return nil }
        // Accumulate negatively so Int.min fits too.
        var value = 0
        while i < text.endIndex {
            let d = Int(text[i]) - 48
            guard (0...9).contains(d) else { return nil }
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (r, o2) = m.subtractingReportingOverflow(d)
            guard !o1 && !o2 else { return nil }
            value = r
            i += 1
        }
        if negative { return value }
        return value == Int.min ? nil : -value
    }
}
