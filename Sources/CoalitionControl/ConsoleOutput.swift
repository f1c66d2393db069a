import Foundation

/// Where the tool writes: stdout for results, stderr for diagnostics.
///
/// Writes go straight to the file descriptors (no buffering) so that `log -f`
/// shows new output immediately, even when stdout is a pipe.
enum Console {
    /// True when stdout is a terminal; tables are then clipped to stay readable.
    static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) != 0 }

    /// Writes `text` to stdout as is (no newline added).
    static func write(_ text: String) {
        writeAll(STDOUT_FILENO, text)
    }

    /// Writes one line to stdout.
    static func line(_ text: String = "") {
        writeAll(STDOUT_FILENO, text + "\n")
    }

    /// Writes one line to stderr.
    static func error(_ text: String) {
        writeAll(STDERR_FILENO, text + "\n")
    }

    private static func writeAll(_ fd: Int32, _ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { buffer in
                Foundation.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                return  // closed pipe (e.g. `| head`): nothing sensible left to do
            }
            offset += written
        }
    }
}
