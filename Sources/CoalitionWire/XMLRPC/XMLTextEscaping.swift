/// The one set of rules for writing text into XML-RPC markup, shared by every writer:
/// `&`, `<`, `>` become entities; CR becomes `&#13;` so that it survives the line-end
/// normalisation every XML parser applies; characters XML 1.0 forbids (C0 controls other
/// than tab, LF and CR, and U+FFFE/U+FFFF) become U+FFFD, because no escape carries them.
public enum XMLTextEscaping {
    /// Calls `emit` with the pieces of the escaped text in order: runs of the original
    /// UTF-8 that need no change, copied whole, and the replacements between them.
    public static func forEachPiece(of text: String, _ emit: (UnsafeBufferPointer<UInt8>) -> Void) {
        var text = text
        text.withUTF8 { source in
            var runStart = 0
            var index = 0
            let count = source.count
            while index < count {
                let byte = source[index]
                // Fast test: nothing above '>' other than a 0xEF lead byte needs care.
                if byte > UInt8(ascii: ">") && byte != 0xEF {
                    index += 1
                    continue
                }
                let replacement: StaticString?
                var consumed = 1
                switch byte {
                case UInt8(ascii: "&"): replacement = "&amp;"
                case UInt8(ascii: "<"): replacement = "&lt;"
                case UInt8(ascii: ">"): replacement = "&gt;"
                case 0x0D: replacement = "&#13;"
                case 0x09, 0x0A: replacement = nil
                case 0x00..<0x20: replacement = "\u{FFFD}"
                case 0xEF where index + 2 < count && source[index + 1] == 0xBF && source[index + 2] >= 0xBE:
                    replacement = "\u{FFFD}"
                    consumed = 3
                default: replacement = nil
                }
                if let replacement {
                    emit(UnsafeBufferPointer(rebasing: source[runStart..<index]))
                    replacement.withUTF8Buffer { emit($0) }
                    index += consumed
                    runStart = index
                } else {
                    index += 1
                }
            }
            emit(UnsafeBufferPointer(rebasing: source[runStart..<count]))
        }
    }
}
