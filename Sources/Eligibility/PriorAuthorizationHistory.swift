import CaseStore
import FHIR
import Foundation

/// A member's earlier prior-authorization requests, item by item: `member.prior_authorizations`
/// of the rule input, and the authorization number that satisfies a requirement.
public struct PriorAuthorizationHistory: Sendable {
    public struct Entry: Sendable {
        public var service: ServiceCode
        /// The X12 306 review action in words (`certified`, `modified`, …); `received` while undecided.
        public var status: String
        public var authorizationNumber: String?
        /// The entry as policies read it.
        public var json: JSON
    }

    public var entries: [Entry] = []
    /// The cases the entries come from, newest first (PAS finds a resent request among them
    /// without reading the store again). Read without their request Bundles: `requestJSON` is empty.
    public var cases: [CaseDetail] = []

    /// How many of the member's most recent requests the rules see. Policies look back a year
    /// at most (`gl.count_prior` since a date); a member with more requests than this in a year
    /// is not one the rules should be counting for, and reading every case on every call would
    /// make each request slower than the last.
    public static let caseLimit = 100

    /// From the member's cases, newest first, as the store reads them. Unchanged cases reuse
    /// the entries made at an earlier read (``PriorAuthorizationEntryMemo``).
    public init(cases: [CaseDetail]) {
        self.init(cases: cases, memo: .shared)
    }

    init(cases: [CaseDetail], memo: PriorAuthorizationEntryMemo?) {
        self.cases = cases
        entries = memo?.entries(of: cases, building: Self.entries(of:)) ?? cases.flatMap(Self.entries(of:))
    }

    /// One entry per item of `detail`.
    static func entries(of detail: CaseDetail) -> [Entry] {
        detail.items.map { item in
            let status = status(of: item)
            return Entry(
                service: item.service, status: status, authorizationNumber: detail.paCase.authorizationNumber,
                json: json(of: item, status: status))
        }
    }

    /// The list policies read (see Rules/README.md); `gl.count_prior` counts the granted ones.
    public var json: JSON { .array(entries.map(\.json)) }

    /// The number of a granted authorization for `service`, newest case first, for `satisfied-pa-id`.
    public func authorizationNumber(system: String, code: String) -> String? {
        entries.first { entry in
            entry.service.code == code && entry.service.system == system && entry.authorizationNumber != nil
                && Self.granted.contains(entry.status)
        }?.authorizationNumber
    }

    private static let granted: Set<String> = ["certified", "partially-certified", "modified"]

    /// `{ service, status, decided, period, quantity }`: the authorized period and amount when
    /// decided, else what was asked for.
    private static func json(of item: CaseItem, status: String) -> JSON {
        var object: JSONObject = [
            "service": ["system": .string(item.service.system), "code": .string(item.service.code)],
            "status": .string(status),
        ]
        if let decided = item.decidedAt { object["decided"] = .string(FHIRDate(decided).description) }
        // A period with neither end is still given, as an empty table.
        if let period = item.authorizedPeriod ?? item.servicePeriod { object["period"] = period.fhirJSON ?? [:] }
        if let quantity = (item.authorizedQuantity ?? item.quantity)?.fhirJSON { object["quantity"] = quantity }
        return .object(object)
    }

    private static func status(of item: CaseItem) -> String {
        switch item.reviewAction {
        case nil: "received"
        case .certified?: "certified"
        case .partiallyCertified?: "partially-certified"
        case .notCertified?: "not-certified"
        case .pended?: "pended"
        case .modified?: "modified"
        case .cancelled?: "cancelled"
        case .contactPayer?: "contact-payer"
        case .noActionRequired?: "no-action-required"
        }
    }
}
