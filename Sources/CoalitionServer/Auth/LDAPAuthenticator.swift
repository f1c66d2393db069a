internal import CLDAP
import Dispatch
import Foundation
import Synchronization

/// HTTP Basic credentials checked against an LDAP server (reference 13.1): trusted logins
/// pass without a password; anyone else needs a successful simple bind as the DN made
/// from `ldaptemplate`. Unlike the original, an empty password is refused (many servers
/// treat it as an anonymous bind that "succeeds") and the login is escaped in the DN.
final class LDAPAuthenticator: Sendable {
    let uri: String
    let template: String
    let trusted: Set<String>
    /// Successful binds, remembered for a minute so that a busy page does not bind on
    /// every request. Keyed by a hash of login and password, never the password itself.
    private let recent = Mutex<[Int: Double]>([:])
    private static let rememberFor = 60.0

    init(host: String, template: String, trusted: [String]) {
        uri = host.contains("://") ? host : "ldap://" + host
        self.template = template
        self.trusted = Set(trusted.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
    }

    /// The DN to bind as: the template with `__login__` replaced by the escaped login.
    func distinguishedName(for login: String) -> String {
        template.replacingOccurrences(of: "__login__", with: Self.escapeDNValue(login))
    }

    /// RFC 4514 escaping of an attribute value.
    static func escapeDNValue(_ value: String) -> String {
        var out = ""
        let chars = Array(value)
        for (i, c) in chars.enumerated() {
            switch c {
            case ",", "+", "\"", "\\", "<", ">", ";", "=":
                out += "\\" + String(c)
            case "\0":
                out += "\\00"
            case " " where i == 0 || i == chars.count - 1:
                out += "\\ "
            case "#" where i == 0:
                out += "\\#"
            default:
                out.append(c)
            }
        }
        return out
    }

    /// Whether the credentials are accepted.
    func accepts(login: String, password: String) async -> Bool {
        if trusted.contains(login) && !login.isEmpty { return true }
        guard !login.isEmpty, !password.isEmpty else { return false }
        var hasher = Hasher()
        hasher.combine(login)
        hasher.combine(password)
        let key = hasher.finalize()
        let now = Date().timeIntervalSince1970
        if let seen = recent.withLock({ $0[key] }), now - seen < Self.rememberFor { return true }
        let dn = distinguishedName(for: login)
        let uri = self.uri
        let ok = await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            // The bind blocks: keep it off the cooperative threads.
            DispatchQueue.global().async {
                continuation.resume(returning: coalition_ldap_simple_bind(uri, dn, password, 10) == LDAP_SUCCESS)
            }
        }
        if ok {
            recent.withLock { table in
                if table.count > 10_000 { table.removeAll() }
                table[key] = now
            }
        }
        return ok
    }
}
