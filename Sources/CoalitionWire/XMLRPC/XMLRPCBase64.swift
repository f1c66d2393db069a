/// Standard base64 (RFC 4648 alphabet, `=` padding) for `<base64>` values.
///
/// Kept local so the codec does not need Foundation. Decoding ignores XML
/// whitespace (Python wraps lines every 76 characters) but is otherwise strict:
/// a foreign character or wrong padding makes the value invalid.
enum XMLRPCBase64 {
    private static let alphabet: [UInt8] = Array(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// 0xFF marks a byte that is not in the alphabet.
    private static let reverse: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(index) }
        return table
    }()

    /// Appends the encoding of `bytes` to `output`.
    static func encode(_ bytes: [UInt8], into output: inout [UInt8]) {
        output.reserveCapacity(output.count + (bytes.count + 2) / 3 * 4)
        var index = 0
        while index + 3 <= bytes.count {
            let chunk = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            output.append(alphabet[Int(chunk >> 18 & 63)])
            output.append(alphabet[Int(chunk >> 12 & 63)])
            output.append(alphabet[Int(chunk >> 6 & 63)])
            output.append(alphabet[Int(chunk & 63)])
            index += 3
        }
        let rest = bytes.count - index
        if rest > 0 {
            let chunk = UInt32(bytes[index]) << 16 | (rest == 2 ? UInt32(bytes[index + 1]) << 8 : 0)
            output.append(alphabet[Int(chunk >> 18 & 63)])
            output.append(alphabet[Int(chunk >> 12 & 63)])
            output.append(rest == 2 ? alphabet[Int(chunk >> 6 & 63)] : UInt8(ascii: "="))
            output.append(UInt8(ascii: "="))
        }
    }

    /// The bytes encoded by `text`, or `nil` when it is not valid base64.
    static func decode(_ text: String) -> [UInt8]? {
        var symbols: [UInt8] = []
        symbols.reserveCapacity(text.utf8.count)
        var padding = 0
        for byte in text.utf8 {
            if XMLRPCScalars.isXMLSpace(byte) { continue }
            if byte == UInt8(ascii: "=") {
                padding += 1
                continue
            }
            // Data after padding is malformed.
            guard padding == 0 else { return nil }
            let value = reverse[Int(byte)]
            guard value != 0xFF else { return nil }
            symbols.append(value)
        }
        guard (symbols.count + padding) % 4 == 0, padding <= 2,
            padding == 0 || (symbols.count % 4) + padding == 4
        else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(symbols.count * 3 / 4)
        var index = 0
        while index + 4 <= symbols.count {
            let chunk = UInt32(symbols[index]) << 18 | UInt32(symbols[index + 1]) << 12
                | UInt32(symbols[index + 2]) << 6 | UInt32(symbols[index + 3])
            output.append(UInt8(chunk >> 16 & 0xFF))
            output.append(UInt8(chunk >> 8 & 0xFF))
            output.append(UInt8(chunk & 0xFF))
            index += 4
        }
        switch symbols.count - index {
        case 0:
            break
        case 2:
            let chunk = UInt32(symbols[index]) << 18 | UInt32(symbols[index + 1]) << 12
            output.append(UInt8(chunk >> 16 & 0xFF))
        case 3:
            let chunk = UInt32(symbols[index]) << 18 | UInt32(symbols[index + 1]) << 12
                | UInt32(symbols[index + 2]) << 6
            output.append(UInt8(chunk >> 16 & 0xFF))
            output.append(UInt8(chunk >> 8 & 0xFF))
        default:
            return nil
        }
        return output
    }
}
