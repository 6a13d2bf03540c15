import Foundation

/// One CDS Hooks call and the answer it got, kept for disputes (CRD: client and server SHALL
/// log all hook calls and responses) and for the 90%-within-5-seconds figure.
public struct HookCall: Sendable, Hashable, Codable {
    /// Increasing in the order calls were logged (0 before the store assigns it).
    public var id: Int64
    public var hookInstance: String
    public var hook: String
    public var serviceID: String
    public var clientID: String
    /// `context.patientId`, when given.
    public var patientID: String?
    public var receivedAt: Date
    /// Time to answer, in milliseconds.
    public var durationMilliseconds: Int
    /// The HTTP status answered (200, 400, 412, 422, …).
    public var status: Int
    /// What each prefetch key contributed (`PrefetchLogEntry` list as JSON text).
    public var prefetchJSON: String
    /// Policy id → version of every rule that ran, as JSON text.
    public var ruleVersionsJSON: String
    /// The `coverage-assertion-id`s the answer carried.
    public var assertionIDs: [String]
    public var requestJSON: String
    public var responseJSON: String

    public init(
        id: Int64 = 0, hookInstance: String, hook: String, serviceID: String, clientID: String, patientID: String? = nil,
        receivedAt: Date, durationMilliseconds: Int, status: Int, prefetchJSON: String = "[]",
        ruleVersionsJSON: String = "{}", assertionIDs: [String] = [], requestJSON: String, responseJSON: String
    ) {
        self.id = id
        self.hookInstance = hookInstance
        self.hook = hook
        self.serviceID = serviceID
        self.clientID = clientID
        self.patientID = patientID
        self.receivedAt = receivedAt
        self.durationMilliseconds = durationMilliseconds
        self.status = status
        self.prefetchJSON = prefetchJSON
        self.ruleVersionsJSON = ruleVersionsJSON
        self.assertionIDs = assertionIDs
        self.requestJSON = requestJSON
        self.responseJSON = responseJSON
    }
}

/// Which logged hook calls to list, newest first.
public struct HookCallQuery: Sendable, Hashable {
    public var hookInstance: String?
    public var patientID: String?
    public var clientID: String?
    public var hook: String?
    public var since: Date?
    public var limit: Int

    public init(
        hookInstance: String? = nil, patientID: String? = nil, clientID: String? = nil, hook: String? = nil,
        since: Date? = nil, limit: Int = 50
    ) {
        self.hookInstance = hookInstance
        self.patientID = patientID
        self.clientID = clientID
        self.hook = hook
        self.since = since
        self.limit = limit
    }
}
