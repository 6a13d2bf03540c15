import Foundation

/// A review action taken on one item, by rules or by a reviewer.
public struct ItemDecision: Sendable, Hashable, Codable {
    /// The code system of ``reasonCodes``: X12 review decision reasons (HCR02).
    public static let reasonCodeSystem = "https://codesystem.x12.org/external/886"

    public var reviewAction: ReviewAction
    /// X12 review decision reason codes; required (at least one) for A2, A3 and A6.
    public var reasonCodes: [String]
    /// The sentence a person reads; required for A2, A3 and A6.
    public var note: String?
    /// What was actually authorized, when it differs from what was asked (A2, A6).
    public var authorizedQuantity: Quantity?
    public var authorizedPeriod: ServicePeriod?
    /// What the decision rests on, as the text of one JSON object: for the rules, their
    /// evaluation record (policy, version, input, output), so it can be explained and replayed.
    /// The decision's event holds it as JSON, not as a string inside JSON, so SQLite's JSON
    /// functions read into it (`after_json ->> '$.basis.policy'`); ``validate()`` refuses text
    /// that is not a JSON object.
    public var basis: String?

    public init(
        _ reviewAction: ReviewAction,
        reasonCodes: [String] = [],
        note: String? = nil,
        authorizedQuantity: Quantity? = nil,
        authorizedPeriod: ServicePeriod? = nil,
        basis: String? = nil
    ) {
        self.reviewAction = reviewAction
        self.reasonCodes = reasonCodes
        self.note = note
        self.authorizedQuantity = authorizedQuantity
        self.authorizedPeriod = authorizedPeriod
        self.basis = basis
    }

    /// Refuses decisions the store must never write.
    ///
    /// CMS-0057-F requires a specific reason for every denial, so A3, and the denied part of an
    /// A2 or A6, needs at least one coded reason **and** a sentence. The database checks the
    /// same rule, so no other path can write such a row either.
    public func validate() throws(CaseStoreError) {
        if reviewAction.deniesSomething {
            guard !reasonCodes.isEmpty, !reasonCodes.contains(where: \.isBlank) else {
                throw CaseStoreError(
                    .denialWithoutReason,
                    "a \(reviewAction.rawValue) decision needs at least one X12 review decision reason code"
                )
            }
            guard let note, !note.isBlank else {
                throw CaseStoreError(
                    .denialWithoutReason,
                    "a \(reviewAction.rawValue) decision needs a sentence explaining the reason"
                )
            }
        }
        if let basis, !JSONSyntax.isObject(basis) {
            throw CaseStoreError(.invalidDecision, "a decision's basis must be the text of a JSON object")
        }
        if let authorizedQuantity, !authorizedQuantity.hasValidValue {
            throw CaseStoreError(
                .invalidDecision,
                "authorized quantity \"\(authorizedQuantity.value)\" is not a decimal"
            )
        }
    }
}
