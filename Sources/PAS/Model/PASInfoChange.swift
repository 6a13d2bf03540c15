/// What a Claim Update did to an item in this version (PAS `infoChanged` extension).
public enum PASInfoChange: String, Sendable, Hashable, Codable, CaseIterable {
    /// The item was sent before and has changed (cancelling counts as a change).
    case changed
    /// The item is new in this version.
    case added
}
