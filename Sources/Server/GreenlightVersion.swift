/// The version Greenlight reports in `/metadata`, `/health` and `greenlight --version`.
public enum GreenlightVersion {
    public static let current = "0.1.0"
}
