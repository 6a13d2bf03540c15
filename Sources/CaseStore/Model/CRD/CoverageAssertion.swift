import Foundation

/// What CRD told an EHR about one order: the `coverage-information` it answered with, kept so
/// that DTR (`$questionnaire-package` by context) and PAS (the order's `coverage-assertion-id`)
/// can find it, and so the answer can be explained later. Its ``id`` is the
/// `coverage-assertion-id`; orders of one response under the same Coverage share it, so a
/// row is one (assertion, order) pair.
public struct CoverageAssertion: Sendable, Hashable, Codable {
    /// The `coverage-assertion-id` (shared by the orders of one response under one Coverage).
    public var id: String
    /// The order this row is about, as the EHR names it (`ServiceRequest/123`).
    public var orderReference: String
    public var hookInstance: String
    public var hook: String
    /// The registered client (EHR) that called.
    public var clientID: String
    /// Our member, when the Coverage matched one.
    public var memberID: String?
    /// Our coverage record, when matched.
    public var coverageID: String?
    /// The EHR's Coverage reference (`Coverage/COV1`).
    public var clientCoverageReference: String
    public var payerID: String?
    /// The code the decision is for (the one a policy matched, or the order's first).
    public var serviceSystem: String?
    public var serviceCode: String?
    /// `covered | not-covered | conditional`.
    public var covered: String
    /// `pa-needed`, when stated.
    public var paNeeded: String?
    /// DTR questionnaires the answer pointed at (canonical URLs).
    public var questionnaires: [String]
    /// The policy that decided and its version; `nil` when no policy governs the code.
    public var policyID: String?
    public var policyVersion: String?
    /// The `coverage-information` extension sent, as JSON text.
    public var extensionJSON: String
    /// The rule evaluation record, as JSON text (`nil` when no rule ran).
    public var evaluationJSON: String?
    public var createdAt: Date
    /// After this day the assertion no longer stands (`expiry-date`), when stated.
    public var expiresOn: String?

    public init(
        id: String, orderReference: String, hookInstance: String, hook: String, clientID: String,
        memberID: String? = nil, coverageID: String? = nil, clientCoverageReference: String, payerID: String? = nil,
        serviceSystem: String? = nil, serviceCode: String? = nil, covered: String, paNeeded: String? = nil,
        questionnaires: [String] = [], policyID: String? = nil, policyVersion: String? = nil,
        extensionJSON: String, evaluationJSON: String? = nil, createdAt: Date, expiresOn: String? = nil
    ) {
        self.id = id
        self.orderReference = orderReference
        self.hookInstance = hookInstance
        self.hook = hook
        self.clientID = clientID
        self.memberID = memberID
        self.coverageID = coverageID
        self.clientCoverageReference = clientCoverageReference
        self.payerID = payerID
        self.serviceSystem = serviceSystem
        self.serviceCode = serviceCode
        self.covered = covered
        self.paNeeded = paNeeded
        self.questionnaires = questionnaires
        self.policyID = policyID
        self.policyVersion = policyVersion
        self.extensionJSON = extensionJSON
        self.evaluationJSON = evaluationJSON
        self.createdAt = createdAt
        self.expiresOn = expiresOn
    }
}
