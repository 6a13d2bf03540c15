import Foundation

/// A JWT id to record as used together with the write that answers the call it authenticated,
/// so a CDS Hooks call costs one commit rather than two (see
/// ``CoverageRequirementsStore/recordHookCall(_:assertions:claiming:)``). The write fails with
/// ``CaseStoreError/Code/tokenIDAlreadyUsed`` when the id is already recorded, and then nothing
/// of it is kept.
public struct TokenIDClaim: Sendable, Hashable {
    public var issuer: String
    public var jti: String
    /// When the row may be forgotten: the JWT's `exp` plus the tolerated clock skew.
    public var keepUntil: Date

    public init(issuer: String, jti: String, keepUntil: Date) {
        self.issuer = issuer
        self.jti = jti
        self.keepUntil = keepUntil
    }
}
