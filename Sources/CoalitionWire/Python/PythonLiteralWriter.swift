/// Writes Python 2 literals that the original worker evaluates (reference 4.1).
public enum PythonLiteralWriter {
    /// A single-quoted byte-string literal of the UTF-8 text: `\\`, `\'`, `\n`, `\r`, `\t`,
    /// and `\xhh` for every other control byte, DEL and every byte ≥ 0x80, so Python 2
    /// recovers the exact bytes and no raw newline ever reaches the worker.
    public static func string(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "'"))
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\\"): out.append(92); out.append(92)
            case UInt8(ascii: "'"): out.append(92); out.append(b)
            case 0x0A: out.append(92); out.append(UInt8(ascii: "n"))
            case 0x0D: out.append(92); out.append(UInt8(ascii: "r"))
            case 0x09: out.append(92); out.append(UInt8(ascii: "t"))
            case 0..<0x20, 0x7F...0xFF:
                out.append(92)
                out.append(UInt8(ascii: "x"))
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 0xF)])
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "'"))
    }

    static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// The no-job answer, exactly as the original sends it.
    public static let noJob: [UInt8] = Array("-1,\"\",\"\",\"\",None".utf8)

    /// `id,'cmd','dir','user',env` without parentheses or spaces; env `None` when absent.
    public static func pickJobAnswer(id: Int, command: String, dir: String, user: String, environment: String?) -> [UInt8] {
        var out = Array(String(id).utf8)
        out.append(44)
        string(command, into: &out)
        out.append(44)
        string(dir, into: &out)
        out.append(44)
        string(user, into: &out)
        out.append(44)
        if let env = environment, !env.isEmpty {
            string(env, into: &out)
        } else {
            out.append(contentsOf: Array("None".utf8))
        }
        return out
    }

    /// The reservation extension: a pickjob answer (`pickJobAnswer` or `noJob`) followed
    /// by a sixth element, the string literal `reservation` (`cores=N,memory=MB,gpus=N`,
    /// or empty when the job asked nothing).
    public static func withReservation(_ answer: [UInt8], _ reservation: String) -> [UInt8] {
        var out = answer
        out.append(44)
        string(reservation, into: &out)
        return out
    }
}
