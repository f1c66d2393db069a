/// Recursive-descent reading of `methodCall` / `methodResponse` documents over
/// the node stream. Recursion is bounded by `maxDepth` nested `<value>`s, so a
/// hostile document cannot exhaust the stack.
struct XMLRPCGrammar {
    private let reader: XMLRPCNodeReader
    private let maxDepth: Int
    private var depth = 0

    init(reader: XMLRPCNodeReader, maxDepth: Int) {
        self.reader = reader
        self.maxDepth = maxDepth
    }

    // MARK: Documents

    /// Reads a whole `<methodCall>` document.
    mutating func methodCall() throws(XMLRPCError) -> XMLRPCMethodCall {
        try expectRoot(.methodCall)
        var methodName: String?
        var params: [XMLRPCValue]?
        loop: while true {
            switch try nextStructural(in: "methodCall") {
            case .start(.methodName, _) where methodName == nil:
                let name = String(XMLRPCScalars.trimmed(try textContent(of: "methodName")))
                guard !name.isEmpty else { throw reader.error("empty <methodName>") }
                methodName = name
            case .start(.params, _) where params == nil:
                params = try paramList()
            case .end:
                break loop
            case let node:
                throw unexpected(node, in: "methodCall")
            }
        }
        guard let methodName else { throw reader.error("<methodCall> without <methodName>") }
        try expectDocumentEnd()
        return XMLRPCMethodCall(methodName: methodName, params: params ?? [])
    }

    /// Reads a whole `<methodResponse>` document.
    mutating func methodResponse() throws(XMLRPCError) -> XMLRPCResponse {
        try expectRoot(.methodResponse)
        let response: XMLRPCResponse
        switch try nextStructural(in: "methodResponse") {
        case .start(.params, _):
            let params = try paramList()
            guard params.count == 1 else {
                throw reader.error("response with \(params.count) params instead of 1")
            }
            response = .success(params[0])
        case .start(.fault, _):
            response = try fault()
        case let node:
            throw unexpected(node, in: "methodResponse")
        }
        guard case .end = try nextStructural(in: "methodResponse") else {
            throw reader.error("unexpected content after the response")
        }
        try expectDocumentEnd()
        return response
    }

    private mutating func expectRoot(_ tag: XMLRPCTag) throws(XMLRPCError) {
        switch try nextStructural(in: "document") {
        case .start(tag, _):
            return
        case .documentEnd:
            throw reader.error("document has no root element")
        case let node:
            throw unexpected(node, in: "document")
        }
    }

    private mutating func expectDocumentEnd() throws(XMLRPCError) {
        // libxml2 itself refuses a second root element; reading to the end
        // makes it check everything after ours (comments, stray text).
        guard case .documentEnd = try nextStructural(in: "document") else {
            throw reader.error("content after the root element")
        }
    }

    /// `<param><value>…</value></param>` repeated, up to `</params>`.
    private mutating func paramList() throws(XMLRPCError) -> [XMLRPCValue] {
        var params: [XMLRPCValue] = []
        while true {
            switch try nextStructural(in: "params") {
            case .start(.param, _):
                guard case .start(.value, _) = try nextStructural(in: "param") else {
                    throw reader.error("<param> without <value>")
                }
                params.append(try value())
                guard case .end = try nextStructural(in: "param") else {
                    throw reader.error("<param> with more than one <value>")
                }
            case .end:
                return params
            case let node:
                throw unexpected(node, in: "params")
            }
        }
    }

    private mutating func fault() throws(XMLRPCError) -> XMLRPCResponse {
        guard case .start(.value, _) = try nextStructural(in: "fault") else {
            throw reader.error("<fault> without <value>")
        }
        let detail = try value()
        guard case .end = try nextStructural(in: "fault") else {
            throw reader.error("<fault> with more than one <value>")
        }
        guard let code = detail[member: "faultCode"]?.intValue,
            let message = detail[member: "faultString"]?.stringValue
        else { throw reader.error("<fault> without faultCode and faultString") }
        return .fault(code: Int(code), message: message)
    }

    // MARK: Values

    /// Reads a value whose `<value>` start has just been consumed.
    private mutating func value() throws(XMLRPCError) -> XMLRPCValue {
        depth += 1
        defer { depth -= 1 }
        guard depth <= maxDepth else { throw reader.error("nesting deeper than \(maxDepth)") }
        var text = ""
        while true {
            switch try reader.next() {
            case .text(let chunk):
                text += chunk
            case .end:
                // No type element: the text itself is a string, kept verbatim.
                return .string(text)
            case .start(let tag, let name):
                guard XMLRPCScalars.isBlank(text) else {
                    throw reader.error("text mixed with <\(name)> in <value>")
                }
                let result = try typed(tag, name: name)
                guard case .end = try nextStructural(in: "value") else {
                    throw reader.error("<value> with more than one element")
                }
                return result
            case .documentEnd:
                throw reader.error("truncated document")
            }
        }
    }

    /// Reads the typed element `name` whose start has just been consumed.
    private mutating func typed(_ tag: XMLRPCTag?, name: String) throws(XMLRPCError) -> XMLRPCValue {
        switch tag {
        case .int, .i4, .i8:
            let text = try textContent(of: name)
            guard let value = XMLRPCScalars.parseInt(text) else { throw invalid(name, text) }
            return .int(value)
        case .boolean:
            let text = try textContent(of: name)
            guard let value = XMLRPCScalars.parseBool(text) else { throw invalid(name, text) }
            return .bool(value)
        case .double:
            let text = try textContent(of: name)
            guard let value = XMLRPCScalars.parseDouble(text) else { throw invalid(name, text) }
            return .double(value)
        case .string:
            return .string(try textContent(of: name))
        case .dateTime:
            return .dateTime(String(XMLRPCScalars.trimmed(try textContent(of: name))))
        case .base64:
            let text = try textContent(of: name)
            guard let bytes = Base64.decode(Array(text.utf8), .strict) else { throw invalid(name, text) }
            return .base64(bytes)
        case .nil, .extensionNil:
            guard XMLRPCScalars.isBlank(try textContent(of: name)) else {
                throw reader.error("text inside <\(name)>")
            }
            return .nil
        case .array:
            return .array(try arrayElements())
        case .struct:
            return .struct(try structMembers())
        default:
            throw reader.error("unexpected element <\(name)> in <value>")
        }
    }

    /// `<data><value>…</value>…</data>` up to `</array>`; values directly in
    /// `<array>` are accepted too, as Python's own parser does.
    private mutating func arrayElements() throws(XMLRPCError) -> [XMLRPCValue] {
        var elements: [XMLRPCValue] = []
        var inData = false
        while true {
            switch try nextStructural(in: inData ? "data" : "array") {
            case .start(.data, _) where !inData:
                inData = true
            case .start(.value, _):
                elements.append(try value())
            case .end where inData:
                inData = false
            case .end:
                return elements
            case let node:
                throw unexpected(node, in: inData ? "data" : "array")
            }
        }
    }

    /// `<member><name>…</name><value>…</value></member>` repeated up to `</struct>`.
    private mutating func structMembers() throws(XMLRPCError) -> XMLRPCStruct {
        var members = XMLRPCStruct()
        while true {
            switch try nextStructural(in: "struct") {
            case .start(.member, _):
                var name: String?
                var value: XMLRPCValue?
                loop: while true {
                    switch try nextStructural(in: "member") {
                    case .start(.name, _) where name == nil:
                        name = try textContent(of: "name")
                    case .start(.value, _) where value == nil:
                        value = try self.value()
                    case .end:
                        break loop
                    case let node:
                        throw unexpected(node, in: "member")
                    }
                }
                guard let name, let value else { throw reader.error("<member> needs a <name> and a <value>") }
                members.append(name, value)
            case .end:
                return members
            case let node:
                throw unexpected(node, in: "struct")
            }
        }
    }

    // MARK: Nodes

    /// The text of an element that may hold only text, up to its end.
    private mutating func textContent(of name: String) throws(XMLRPCError) -> String {
        var text = ""
        while true {
            switch try reader.next() {
            case .text(let chunk): text += chunk
            case .end: return text
            case .start(_, let child): throw reader.error("unexpected element <\(child)> in <\(name)>")
            case .documentEnd: throw reader.error("truncated document")
            }
        }
    }

    /// The next node where only elements are expected: whitespace between
    /// elements is skipped, any other text is an error.
    private mutating func nextStructural(in context: String) throws(XMLRPCError) -> XMLRPCNode {
        while true {
            let node = try reader.next()
            guard case .text(let text) = node else { return node }
            guard XMLRPCScalars.isBlank(text) else {
                throw reader.error("unexpected text \(quoted(text)) in <\(context)>")
            }
        }
    }

    private func unexpected(_ node: XMLRPCNode, in context: String) -> XMLRPCError {
        switch node {
        case .start(_, let name): reader.error("unexpected element <\(name)> in <\(context)>")
        case .end: reader.error("unexpected end of <\(context)>")
        case .text(let text): reader.error("unexpected text \(quoted(text)) in <\(context)>")
        case .documentEnd: reader.error("truncated document")
        }
    }

    private func invalid(_ type: String, _ text: String) -> XMLRPCError {
        reader.error("invalid \(type) \(quoted(text))")
    }

    /// `text` in single quotes, shortened so an error message stays small.
    private func quoted(_ text: String) -> String {
        let limit = 40
        return text.count <= limit ? "'\(text)'" : "'\(text.prefix(limit))…'"
    }
}
