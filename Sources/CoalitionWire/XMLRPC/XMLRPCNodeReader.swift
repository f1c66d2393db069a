internal import CLibXML2
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One-time libxml2 initialisation. A global `let` is initialised exactly once
/// and thread-safely by the runtime, which is what `xmlInitParser` requires
/// before readers are created concurrently.
private let libxml2Initialized: Bool = {
    xmlInitParser()
    return true
}()

/// The element names of XML-RPC documents.
enum XMLRPCTag: String, CaseIterable {
    case methodCall, methodName, methodResponse, params, param, fault
    case value, int, i4, i8, boolean, string, double, base64, array, data, member, name, `nil`
    case `struct`
    case dateTime = "dateTime.iso8601"
    case extensionNil = "ex:nil"

    private static let known: [(tag: XMLRPCTag, name: [UInt8])] = allCases.map { ($0, Array($0.rawValue.utf8)) }

    /// The tag spelled by the NUL-terminated `name`. Compares bytes directly:
    /// `init(rawValue:)` hashes a new String for every element, which showed
    /// up as a tenth of the decoding time.
    static func classify(_ name: UnsafePointer<UInt8>) -> XMLRPCTag? {
        let length = strlen(UnsafeRawPointer(name).assumingMemoryBound(to: CChar.self))
        for candidate in known where candidate.name.count == length && candidate.name[0] == name[0] {
            if memcmp(candidate.name, name, length) == 0 { return candidate.tag }
        }
        return nil
    }
}

/// What the grammar sees of the document: elements and text, nothing else.
enum XMLRPCNode {
    /// An element start; `name` is the qualified name as written.
    case start(tag: XMLRPCTag?, name: String)
    /// The end of the innermost open element (also synthesised for `<x/>`).
    case end
    /// Character data (text, CDATA or whitespace), entities already decoded.
    case text(String)
    /// End of document.
    case documentEnd
}

/// A thin pull interface over libxml2's streaming `xmlTextReader`.
///
/// The reader is created without any option that loads DTDs, substitutes
/// entities or touches the network; document type, entity and notation nodes
/// are refused should one ever get this far.
final class XMLRPCNodeReader {
    private let reader: OpaquePointer
    private let errors: ErrorCollector
    private var pendingEnd = false

    /// Collects the first parser error; libxml2 reports through a C callback.
    private final class ErrorCollector {
        var message: String?
        var line: Int = 0
    }

    /// Creates a reader over `buffer`, which must outlive the reader.
    init(buffer: UnsafeRawBufferPointer) throws(XMLRPCError) {
        _ = libxml2Initialized
        // IGNORE_ENC: bytes were validated as UTF-8, so an `encoding=` hint in
        // the declaration must not make libxml2 transcode them as something else.
        // HUGE: lifts libxml2's text-node limit; size and depth are bounded by
        // the decoder itself and DTDs never reach the parser.
        let options = XML_PARSE_NONET.rawValue | XML_PARSE_NOWARNING.rawValue | XML_PARSE_NOERROR.rawValue
            | XML_PARSE_IGNORE_ENC.rawValue | XML_PARSE_HUGE.rawValue
        let base = buffer.baseAddress?.assumingMemoryBound(to: CChar.self)
        guard let reader = xmlReaderForMemory(base, Int32(buffer.count), nil, "UTF-8", Int32(options)) else {
            throw .malformed("cannot create XML reader")
        }
        self.reader = reader
        self.errors = ErrorCollector()
        xmlTextReaderSetStructuredErrorHandler(
            reader,
            { context, error in
                guard let context, let error else { return }
                let collector = Unmanaged<ErrorCollector>.fromOpaque(context).takeUnretainedValue()
                guard collector.message == nil else { return }
                let text = error.pointee.message.map { String(cString: $0) } ?? "malformed XML"
                collector.message = text.trimmingXMLSpace()
                collector.line = Int(error.pointee.line)
            },
            Unmanaged.passUnretained(errors).toOpaque())
    }

    deinit {
        xmlFreeTextReader(reader)
    }

    /// The line of the node just read, for error messages. The parser itself
    /// runs ahead of the reader, so its position is only a fallback.
    var line: Int {
        if let node = xmlTextReaderCurrentNode(reader) {
            let line = xmlGetLineNo(node)
            if line > 0 { return Int(line) }
        }
        return Int(xmlTextReaderGetParserLineNumber(reader))
    }

    /// An error located at the current line.
    func error(_ message: String) -> XMLRPCError {
        .malformed(message, line: line)
    }

    /// The next element or text node, skipping comments, processing
    /// instructions and the XML declaration.
    func next() throws(XMLRPCError) -> XMLRPCNode {
        if pendingEnd {
            pendingEnd = false
            return .end
        }
        while true {
            let status = xmlTextReaderRead(reader)
            if status == 0 { return .documentEnd }
            guard status == 1 else { throw parserError() }
            let type = xmlTextReaderNodeType(reader)
            switch UInt32(bitPattern: type) {
            case XML_READER_TYPE_ELEMENT.rawValue:
                pendingEnd = xmlTextReaderIsEmptyElement(reader) == 1
                guard let name = xmlTextReaderConstName(reader) else { return .start(tag: nil, name: "") }
                if let tag = XMLRPCTag.classify(name) { return .start(tag: tag, name: tag.rawValue) }
                return .start(tag: nil, name: String(cString: name))
            case XML_READER_TYPE_END_ELEMENT.rawValue:
                return .end
            case XML_READER_TYPE_TEXT.rawValue, XML_READER_TYPE_CDATA.rawValue,
                XML_READER_TYPE_WHITESPACE.rawValue, XML_READER_TYPE_SIGNIFICANT_WHITESPACE.rawValue:
                let text = xmlTextReaderConstValue(reader).map { String(cString: $0) } ?? ""
                return .text(text)
            case XML_READER_TYPE_DOCUMENT_TYPE.rawValue, XML_READER_TYPE_ENTITY.rawValue,
                XML_READER_TYPE_ENTITY_REFERENCE.rawValue, XML_READER_TYPE_NOTATION.rawValue:
                throw XMLRPCError.malformed("DTD not allowed")
            default:
                continue
            }
        }
    }

    private func parserError() -> XMLRPCError {
        if let message = errors.message {
            return .malformed(message, line: errors.line)
        }
        return .malformed("malformed XML", line: line)
    }
}

extension String {
    /// The string without leading and trailing XML whitespace.
    fileprivate func trimmingXMLSpace() -> String {
        String(XMLRPCScalars.trimmed(self))
    }
}
