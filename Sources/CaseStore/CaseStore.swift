import Foundation

/// Everything the rest of Greenlight asks of its case store.
///
/// ``SQLiteCaseStore`` is the embedded implementation; a PostgreSQL one can come later without
/// touching callers, which is why nothing here mentions SQLite or GRDB. Errors thrown on purpose
/// are ``CaseStoreError``s with stable codes.
///
/// The store owns the clock: it reads "now" from its ``TimeSource``, computes each case's due
/// time at intake (see ``DecisionClock``), and only a recorded extension moves it.
///
/// Where things are in this module:
/// - `Model/`: the value types callers see (``PACase``, ``CaseItem``, ``ItemDecision``, …).
/// - `Clock/`: ``DecisionClock`` (the CMS-0057-F rules as pure functions) and ``TimeSource``.
/// - `SQLiteCaseStore*.swift`: the SQLite implementation, one file per concern.
/// - `SecurityStore.swift`: the client registry, the JWT replay guard and the server's signing keys.
/// - `SubscriptionStore.swift`: topic-based subscriptions, numbered and notified with case changes.
/// - `QuestionnaireResponseStore.swift`: DTR's completed QuestionnaireResponses.
/// - `Migrations.swift`: the schema, including the rules the database enforces by itself.
/// - `Records/`: internal GRDB records, one per table, mapping rows to the model types.
public protocol CaseStore:
    ClientRegistry, ReplayGuard, SigningKeyStore, CoverageRequirementsStore, QuestionnaireResponseStore,
    SubscriptionStore
{
    // MARK: Cases

    /// Opens a case for a new request, or returns the existing one when the same submitter
    /// already sent this request identifier (also when both arrive at the same moment).
    /// The case, its items and an `intake` event are written in one transaction.
    func openCase(_ intake: CaseIntake) async throws -> CaseIntakeResult
    /// Opens a case and records `decisions` (the rules' answers, by item sequence) on it in one
    /// transaction, so no one ever sees the case without them. A duplicate returns the existing
    /// case unchanged and records nothing.
    func openCase(_ intake: CaseIntake, decisions: [Int: ItemDecision], decidedBy actor: String) async throws
        -> CaseIntakeResult

    func paCase(id: String) async throws -> PACase?
    /// The case a submitter's request identifier opened or updated.
    func paCase(submitter: String, requestIdentifier: RequestIdentifier) async throws -> PACase?
    /// The cases whose request (any version) had a Claim with one of `claimIdentifiers`, from
    /// this submitter: how a Claim Update finds the request it replaces.
    func cases(submitter: String, claimIdentifiers: [RequestIdentifier]) async throws -> [PACase]
    /// Every version of a case's request, oldest first (just the original until an update).
    func requestVersions(caseID: String) async throws -> [CaseRequestVersion]
    /// The case and its items read together, or `nil` if there is no such case.
    func caseDetail(id: String) async throws -> CaseDetail?
    /// The items of a case, by sequence.
    func items(caseID: String) async throws -> [CaseItem]
    /// The audit trail of a case, oldest first.
    func events(caseID: String) async throws -> [CaseEvent]
    /// Undecided cases, most urgent (earliest effective due time) first: the review queue.
    func openCases(limit: Int) async throws -> [PACase]
    /// A member's cases, newest first.
    func cases(memberID: String) async throws -> [PACase]

    // MARK: Updates

    /// Applies a Claim Update to its case in one transaction (see ``CaseUpdate``): the new
    /// version is kept, items are cancelled, changed or added with an event each, the case
    /// status rolls up (a settled case with new work is open again; its due time stays), and
    /// `decisions` (the rules' answers for changed and added items) are recorded. The same
    /// update again changes nothing and answers the case as it stands.
    ///
    /// Refuses (``CaseStoreError/Code/updateRefused``) updates of denied or withdrawn cases and
    /// changes to denied items, and (``CaseStoreError/Code/invalidUpdate``) updates that do not
    /// fit the case: an item missing, unknown, or added twice.
    func updateCase(
        _ update: CaseUpdate, decisions: [Int: ItemDecision], decidedBy actor: String, notify: NotificationBuilder?
    ) async throws -> CaseUpdateResult

    // MARK: Decisions

    /// Records review actions on items of one case, all or nothing, and rolls the case status
    /// up from its items. Writes a `decision` event per item and a `status-change` event when
    /// the case status changes; `notify` (if given) builds outbox messages from the result, in
    /// the same transaction.
    ///
    /// Refuses a denial, partial or modification without a coded reason and a sentence
    /// (``CaseStoreError/Code/denialWithoutReason``), decisions on cancelled items, and
    /// unknown cases or items.
    @discardableResult
    func recordDecisions(
        caseID: String,
        decisions: [Int: ItemDecision],
        actor: String,
        notify: NotificationBuilder?
    ) async throws -> CaseDetail

    // MARK: Clock

    /// Extends the case's due time once, by 1…14 days, with a reason, before the due time.
    @discardableResult
    func extendDueTime(
        caseID: String,
        _ request: DueTimeExtensionRequest,
        notify: NotificationBuilder?
    ) async throws -> CaseDetail

    /// Flags undecided cases that came near their due time or passed it since the last sweep;
    /// each case is flagged near at most once and overdue at most once, with an event each time.
    func sweep() async throws -> [ClockAlert]

    // MARK: Outbox

    func enqueue(_ draft: OutboxDraft) async throws -> OutboxMessage
    /// Undelivered messages whose next attempt is due, oldest first.
    func dueOutboxMessages(limit: Int) async throws -> [OutboxMessage]
    func markDelivered(messageID: Int64) async throws
    /// Counts a failed attempt and schedules the next one (see ``OutboxBackoff``).
    func markFailed(messageID: Int64, error: String, nextAttemptAt: Date) async throws

    // MARK: Directory

    /// Inserts or replaces, matched by id. Payers go first: plans, members and coverages refer
    /// to them (``CaseStoreError/Code/unknownReference`` otherwise).
    func upsertPayer(_ payer: Payer) async throws
    func upsertPlan(_ plan: HealthPlan) async throws
    func upsertProvider(_ provider: Provider) async throws
    func upsertMember(_ member: Member) async throws
    func upsertCoverage(_ coverage: MemberCoverage) async throws

    func payer(id: String) async throws -> Payer?
    func plan(id: String) async throws -> HealthPlan?
    func provider(npi: String) async throws -> Provider?
    func member(id: String) async throws -> Member?
    func coverage(id: String) async throws -> MemberCoverage?
    func coverages(memberID: String) async throws -> [MemberCoverage]
    func payers() async throws -> [Payer]
    func plans() async throws -> [HealthPlan]

    // MARK: Health

    /// Row counts per table, for the health endpoint.
    func counts() async throws -> [String: Int]
    /// Whether the directory (payers, plans, providers, members, coverages) has no rows, so the
    /// server may load the demo plan.
    func isDirectoryEmpty() async throws -> Bool
    /// Whether the store holds nothing at all: no directory rows and no cases.
    func isEmpty() async throws -> Bool
    /// Throws unless the store can answer a trivial query.
    func ping() async throws
}

extension CaseStore {
    /// Records one review action on one item.
    @discardableResult
    public func recordDecision(
        caseID: String,
        itemSequence: Int,
        decision: ItemDecision,
        actor: String,
        notify: NotificationBuilder? = nil
    ) async throws -> CaseDetail {
        try await recordDecisions(caseID: caseID, decisions: [itemSequence: decision], actor: actor, notify: notify)
    }

    /// Records review actions on several items, all or nothing.
    @discardableResult
    public func recordDecisions(caseID: String, decisions: [Int: ItemDecision], actor: String) async throws
        -> CaseDetail
    {
        try await recordDecisions(caseID: caseID, decisions: decisions, actor: actor, notify: nil)
    }

    /// Extends the case's due time (see the protocol requirement).
    @discardableResult
    public func extendDueTime(caseID: String, _ request: DueTimeExtensionRequest) async throws -> CaseDetail {
        try await extendDueTime(caseID: caseID, request, notify: nil)
    }

    /// The review queue, at most 100 cases.
    public func openCases() async throws -> [PACase] {
        try await openCases(limit: 100)
    }
}
