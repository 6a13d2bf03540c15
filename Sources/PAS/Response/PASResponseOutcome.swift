import CaseStore

/// `ClaimResponse.outcome` (R4 `remittance-outcome`; PAS 2.2 allows complete | error | partial).
///
/// PAS carries where each item stands in its review action, not in `outcome`: the official
/// pended example answers `complete` with an A4 item. So:
/// - `complete` when every requested item has a review action, pended (A4) and contact-payer
///   (CT) included: the payer has processed the request and said where each line stands;
/// - `partial` when some requested item has no review action yet (it is answered A4, but the
///   payer has not looked at it at all), so the processing itself is unfinished;
/// - `error` for business-error responses, which carry `ClaimResponse.error` and no items.
///
/// `queued` is never used: 2.2 removed it, and PAS answers synchronously.
enum PASResponseOutcome: String, Sendable, Hashable {
    case complete
    case partial
    case error

    /// The outcome of a response whose requested items have these review actions (`nil`: no
    /// review action yet).
    static func of(_ actions: [ReviewAction?]) -> PASResponseOutcome {
        actions.contains { $0 == nil } ? .partial : .complete
    }
}
