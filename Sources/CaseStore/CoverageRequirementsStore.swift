import Foundation

/// What the CRD service keeps: coverage assertions (found again by DTR and PAS), the log of
/// hook calls for disputes, and card feedback. ``CaseStore`` inherits it.
public protocol CoverageRequirementsStore: Sendable {
    /// Records one hook call with the assertions its answer carried, in one transaction
    /// (an answered call is on disk with everything it asserted), and with it the JWT id that
    /// authenticated the call when `claiming` is given — then a replayed id fails the whole
    /// write with ``CaseStoreError/Code/tokenIDAlreadyUsed``. Returns the call's log id.
    @discardableResult
    func recordHookCall(_ call: HookCall, assertions: [CoverageAssertion], claiming: TokenIDClaim?) async throws -> Int64

    /// The rows of one `coverage-assertion-id` (one per order), oldest first; empty if unknown.
    func coverageAssertions(id: String) async throws -> [CoverageAssertion]
    /// The assertions made for a member, newest first.
    func coverageAssertions(memberID: String, limit: Int) async throws -> [CoverageAssertion]

    /// Logged hook calls matching the query, newest first.
    func hookCalls(_ query: HookCallQuery) async throws -> [HookCall]

    /// Stores feedback; a card's feedback already stored (same service, card, outcome and
    /// timestamp) is not stored twice. Returns how many were new.
    @discardableResult
    func recordHookFeedback(_ feedback: [HookFeedback]) async throws -> Int
    func hookFeedback(card: String) async throws -> [HookFeedback]

    /// Our coverages whose subscriber id or a Coverage.identifier value is one of
    /// `memberIdentifiers`, with their members and those members' cases (the `caseLimit` most
    /// recent, or all when `nil`) — everything a hook needs to place the patient, in one read.
    /// `withRequests: false` leaves each case's `requestJSON` empty (the history the rules
    /// read needs the items, not the Bundles).
    func memberRecords(memberIdentifiers: [String], caseLimit: Int?, withRequests: Bool) async throws -> MemberRecords
}

extension CoverageRequirementsStore {
    /// Records a hook call whose JWT id is already recorded (or that had none).
    @discardableResult
    public func recordHookCall(_ call: HookCall, assertions: [CoverageAssertion]) async throws -> Int64 {
        try await recordHookCall(call, assertions: assertions, claiming: nil)
    }

    /// ``memberRecords(memberIdentifiers:caseLimit:withRequests:)`` with every case and its request.
    public func memberRecords(memberIdentifiers: [String]) async throws -> MemberRecords {
        try await memberRecords(memberIdentifiers: memberIdentifiers, caseLimit: nil, withRequests: true)
    }
}
