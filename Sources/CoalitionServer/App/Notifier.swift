import Dispatch
import Logging

/// E-mail notifications (reference 14): sent off the request path, one at a time, in
/// order; a failure is logged and never affects the farm. Without `smtphost` they are
/// only logged, as the original does.
struct Notifier: Sendable {
    let logger: Logger
    let smtp: SMTPSettings?
    private let queue = DispatchQueue(label: "coalition.mail")

    init(logger: Logger, smtp: SMTPSettings?) {
        self.logger = logger
        self.smtp = smtp
    }

    /// Queues one notification; the subject and the body are the same line, as in the original.
    func send(to recipient: String, text: String) {
        guard let smtp else {
            logger.info("notify \(recipient): \(text)")
            return
        }
        let logger = self.logger
        queue.async {
            do {
                try SMTPMailer.send(smtp, to: recipient, subject: text, body: text)
                logger.info("mail sent to \(recipient): \(text)")
            } catch {
                logger.error("mail to \(recipient) failed: \(error)")
            }
        }
    }
}
