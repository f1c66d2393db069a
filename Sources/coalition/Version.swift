/// The version printed by `coalition --version`.
enum CoalitionVersion {
    static let string = "0.1.0"
}
