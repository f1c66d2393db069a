internal import CCurl
import Foundation

/// Where and how to send notification e-mails (`[server] smtp*`, reference 14).
struct SMTPSettings: Sendable {
    var host: String
    var port: Int
    var startTLS: Bool
    var sender: String
    var login: String
    var password: String
}

/// Why a message was not sent.
struct MailError: Error, CustomStringConvertible {
    var description: String
}

/// Sends one plain-text message over SMTP with libcurl: EHLO, STARTTLS when asked for,
/// AUTH when a login or password is set, then MAIL FROM / RCPT TO / DATA. Blocking: call
/// it off the request path.
enum SMTPMailer {
    static let globalInit: Void = { curl_global_init(Int(CURL_GLOBAL_DEFAULT)) }()

    /// The message as sent: headers, an empty line, the body (CRLF line ends).
    static func message(from: String, to: String, subject: String, body: String, date: Date) -> [UInt8] {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        let clean = { (s: String) in s.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ") }
        let lines = [
            "Date: \(formatter.string(from: date))",
            "From: \(clean(from))",
            "To: \(clean(to))",
            "Subject: \(clean(subject))",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "",
            body,
        ]
        return Array((lines.joined(separator: "\r\n") + "\r\n").utf8)
    }

    /// Feeds the message to libcurl.
    final class Source {
        let bytes: [UInt8]
        var offset = 0
        init(_ bytes: [UInt8]) { self.bytes = bytes }
    }

    static func send(_ settings: SMTPSettings, to recipient: String, subject: String, body: String) throws(MailError) {
        _ = globalInit
        guard let curl = curl_easy_init() else { throw MailError(description: "libcurl could not start") }
        defer { curl_easy_cleanup(curl) }
        let source = Source(message(from: settings.sender, to: recipient, subject: subject, body: body, date: Date()))
        let recipients = curl_slist_append(nil, "<\(recipient)>")
        defer { curl_slist_free_all(recipients) }
        let url = "smtp://\(settings.host):\(settings.port)"
        coalition_curl_set_string(curl, CURLOPT_URL, url)
        coalition_curl_set_string(curl, CURLOPT_MAIL_FROM, "<\(settings.sender)>")
        coalition_curl_set_pointer(curl, CURLOPT_MAIL_RCPT, recipients)
        coalition_curl_set_long(curl, CURLOPT_UPLOAD, 1)
        coalition_curl_set_long(curl, CURLOPT_CONNECTTIMEOUT, 10)
        coalition_curl_set_long(curl, CURLOPT_TIMEOUT, 30)
        coalition_curl_set_long(curl, CURLOPT_NOSIGNAL, 1)
        if settings.startTLS {
            coalition_curl_set_long(curl, CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue))
        }
        if !settings.login.isEmpty || !settings.password.isEmpty {
            coalition_curl_set_string(curl, CURLOPT_USERNAME, settings.login)
            coalition_curl_set_string(curl, CURLOPT_PASSWORD, settings.password)
        }
        let context = Unmanaged.passRetained(source)
        defer { context.release() }
        coalition_curl_set_pointer(curl, CURLOPT_READDATA, context.toOpaque())
        coalition_curl_set_read_function(curl) { buffer, size, count, userdata in
            guard let buffer, let userdata else { return 0 }
            let source = Unmanaged<SMTPMailer.Source>.fromOpaque(userdata).takeUnretainedValue()
            let n = min(size * count, source.bytes.count - source.offset)
            source.bytes.withUnsafeBytes { raw in
                UnsafeMutableRawPointer(buffer).copyMemory(from: raw.baseAddress! + source.offset, byteCount: n)
            }
            source.offset += n
            return n
        }
        let code = curl_easy_perform(curl)
        guard code == CURLE_OK else {
            throw MailError(description: "SMTP \(settings.host):\(settings.port): \(String(cString: curl_easy_strerror(code)))")
        }
    }
}
