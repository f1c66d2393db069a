/// The version printed by `coalition --version` and reported by `/healthz`.
public enum CoalitionVersion {
    public static let string = "0.1.0"
}
