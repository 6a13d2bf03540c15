import Foundation

/// One version of a case's request: the original, or a Claim Update that replaced it.
public struct CaseRequestVersion: Sendable, Hashable, Codable {
    public var caseID: String
    /// 1 for the original request, then 2, 3, … for each update.
    public var version: Int
    public var submitter: String
    public var requestIdentifier: RequestIdentifier
    public var kind: Kind
    public var receivedAt: Date
    public var requestJSON: String

    public init(
        caseID: String, version: Int, submitter: String, requestIdentifier: RequestIdentifier, kind: Kind,
        receivedAt: Date, requestJSON: String
    ) {
        self.caseID = caseID
        self.version = version
        self.submitter = submitter
        self.requestIdentifier = requestIdentifier
        self.kind = kind
        self.receivedAt = receivedAt
        self.requestJSON = requestJSON
    }

    public enum Kind: String, Sendable, Hashable, Codable {
        /// The request that opened the case.
        case initial
        /// A Claim Update that changed, added or withdrew items.
        case update
        /// A Claim Update that withdrew the whole request.
        case cancel
    }
}
