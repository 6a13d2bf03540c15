import CaseStore
import Eligibility
import FHIR
import Foundation
import Logging
import Rules

/// `Claim/$submit`, free of HTTP: read and check the PAS Bundle, place the member, let the rules
/// adjudicate each item, open the case with those decisions in one transaction, and answer with
/// the PAS response Bundle.
///
/// The same Bundle identifier from the same submitter again is answered from the existing case
/// (its current state) and never opens a second one. A patient the payer cannot place is a
/// business error in the ClaimResponse (X12 901); a request that breaks the profile is a 4xx
/// OperationOutcome and nothing is stored.
public final class PASSubmitService: Sendable {
    let rules: RuleEngine
    let store: any CaseStore
    let responses: PASResponseBuilder
    let timeZone: TimeZone
    let logger: Logger
    /// The subscription notifications a change to a case sends (an update's, here; the
    /// response to a new request goes back to its sender directly).
    let notifier: NotificationBuilder
    /// Who the decisions the rules make are recorded as.
    static let rulesActor = "rules"
    /// How long the rules may take over one request's items. The PAS guide wants an answer
    /// within 15 s; each rule evaluation is bounded by its instruction budget, so checking
    /// before each item keeps the rules under this and leaves the rest of the 15 s for the
    /// store (whose lock wait is bounded by its busy timeout) and the answer. Items the rules
    /// had no time for are pended for a reviewer.
    let adjudicationBudget: Duration

    public init(
        rules: RuleEngine, store: any CaseStore, version: PASVersion = .v2_1, baseURL: String, timeZone: TimeZone,
        adjudicationBudget: Duration = .seconds(8), logger: Logger = Logger(label: "greenlight.pas")
    ) {
        self.adjudicationBudget = adjudicationBudget
        self.rules = rules
        self.store = store
        self.responses = PASResponseBuilder(version: version, baseURL: baseURL)
        self.notifier = PASSubscriptionNotifier(responses: responses).builder
        self.timeZone = timeZone
        self.logger = logger
    }

    /// `POST /Claim/$submit` from the organization `submitter`, received at `receivedAt`.
    public func submit(body: [UInt8], submitter: String, receivedAt: Date) async -> PASAnswer {
        let deadline = ContinuousClock.now + adjudicationBudget
        let request: PASRequest
        do {
            request = try PASRequestReader().read(body)
        } catch {
            return .refusal(error.status.rawValue, error.outcome)
        }
        do {
            // The same request again is answered from its case as it stands. A resent request is
            // usually among the member's recent cases, which come with the member; older ones
            // and resent updates the store finds inside the write (openCase/updateCase answer
            // with the existing case), so a new request costs no extra read.
            let today = FHIRDate(receivedAt, timeZone: timeZone).description
            let context: MemberContext
            switch try await eligibility(of: request, today: today) {
            case .member(let member):
                if let detail = member.history.cases.first(where: {
                    $0.paCase.submitter == submitter && $0.paCase.requestIdentifier == request.identifier
                }) {
                    return try answer(request, detail, at: receivedAt)
                }
                context = member
            case .ineligible(let why, _, _):
                // Answered before the member's coverage changed: the case, not an error.
                if let existing = try await store.paCase(submitter: submitter, requestIdentifier: request.identifier),
                    let detail = try await store.caseDetail(id: existing.id)
                {
                    return try answer(request, detail, at: receivedAt)
                }
                let path = "Bundle.entry[0].resource.insurance[0].coverage"
                let condition: PASErrorCondition = why == .memberNotFound ? .memberNotFound(path: path) : .coverageNotActive(path: path)
                return try errorAnswer(request, [condition], at: receivedAt)
            }
            if request.isUpdate {
                return try await update(
                    request, received: body, submitter: submitter, context: context, today: today, receivedAt: receivedAt,
                    deadline: deadline)
            }
            let decisions = try await adjudicate(request, submitter: submitter, context: context, today: today, deadline: deadline)
            let opened = try await store.openCase(
                intake(request, received: body, submitter: submitter, member: context), decisions: decisions,
                decidedBy: Self.rulesActor)
            return try answer(request, CaseDetail(paCase: opened.paCase, items: opened.items), at: receivedAt)
        } catch let problem as CoverageProblem {
            if case .storeUnavailable(let reason) = problem {
                logger.error("PAS: reading the case store failed", metadata: ["error": "\(reason)"])
                return .refusal(503, OperationOutcome.error(.transient, "The payer directory could not be read; try again."))
            }
            return .refusal(422, OperationOutcome.error(
                .businessRule, "Coverage: \(problem.message).", expression: ["Bundle.entry[0].resource.insurance[0].coverage"]))
        } catch let error as CaseStoreError where error.code == .invalidIntake || error.code == .invalidUpdate {
            return .refusal(422, OperationOutcome.error(.invalid, error.message, expression: [Self.path(of: error, in: request)]))
        } catch let error as CaseStoreError where error.code == .storageFailure {
            // Nothing was kept (writes are one transaction); the submitter may simply resend.
            logger.error("PAS: the case store failed during $submit", metadata: ["error": "\(error)"])
            return .refusal(503, OperationOutcome.error(.transient, "The case store could not be used; send the request again."))
        } catch {
            logger.error("PAS: could not answer $submit", metadata: ["error": "\(error)"])
            return .refusal(500, OperationOutcome.error(.exception, "The request could not be recorded; send it again."))
        }
    }

    /// Places the request's patient: the Coverage it names, matched against the payer's members.
    private func eligibility(of request: PASRequest, today: String) async throws -> Eligibility {
        // The payor Organization a Coverage names is in the Bundle (the reader checked it).
        let bundle = request.resolver ?? (try? FHIRBundle(json: request.bundle)).map(BundleResolver.init)
        let coverage = ClientCoverage(request.coverage) { link, _ in
            link.reference.flatMap { bundle?.resolve($0, from: nil) }
        }
        return try await EligibilityResolver(store: store).resolve([coverage], today: today)
    }

    /// The rules' decision for every item a policy governs (of `sequences` only, when given);
    /// items no policy governs are left for a reviewer (pended by the response until decided),
    /// and so are those the rules reach only after `deadline`. The rules see the Bundle's DTR
    /// answers and those the DTR server keeps for the item's CRD assertion
    /// (``DTRAnswerSources``); the stored responses used are named in the basis.
    func adjudicate(
        _ request: PASRequest, submitter: String, context: MemberContext, today: String, sequences: Set<Int>? = nil,
        deadline: ContinuousClock.Instant
    ) async throws -> [Int: ItemDecision] {
        let input = AdjudicationRuleInput(request: request, context: context, today: today)
        let sources = try await DTRAnswerSources.load(
            for: request, memberID: context.member.id, submitter: submitter, store: store)
        // What CRD said counts only when it was said about this member: an assertion id copied
        // from another patient's order tells the rules nothing about this one. A store that
        // cannot be read fails the request (503) rather than deciding as if CRD had said nothing.
        var assertions: [String: [CoverageAssertion]] = [:]
        for id in request.coverageAssertionIDs {
            assertions[id] = try await store.coverageAssertions(id: id).filter { $0.memberID == context.member.id }
        }
        var decisions: [Int: ItemDecision] = [:]
        for item in request.items where sequences?.contains(item.sequence) ?? true {
            guard ContinuousClock.now < deadline else {
                decisions[item.sequence] = ItemDecision(.pended, note: "The rules could not decide this item in time; a reviewer decides.")
                continue
            }
            let crd = item.coverageAssertionIDs.lazy.compactMap { assertions[$0]?.first }.first
            let answers = sources.answers(for: item)
            let service = RuleService(system: item.service.system, code: item.service.code)
            guard let evaluation = await rules.adjudicate(
                input.request(for: item, crd: crd, answers: answers.answers), service: service, plan: context.coverage.planID,
                lineOfBusiness: context.plan?.lineOfBusiness.rawValue)
            else { continue }
            var decision = ItemDecision(evaluation.decision)
            // A decision the store would refuse (a denial without reasons) goes to a reviewer.
            // Checked before the basis is attached: the basis is a JSON object this service
            // serialized, and checking its syntax again is a scan of a few kilobytes.
            let acceptable = (try? decision.validate()) != nil
            decision.basis = Self.basis(evaluation.record, storedResponseIDs: answers.storedResponseIDs)
            decisions[item.sequence] = acceptable
                ? decision
                : ItemDecision(.pended, note: "The rules' answer was incomplete; a reviewer decides.", basis: decision.basis)
        }
        return decisions
    }

    /// The decision's basis: the rules' evaluation record and, when stored DTR responses
    /// supplied answers, their references (`stored_questionnaire_responses`) — the record's
    /// input holds the answers, this says where they came from.
    static func basis(_ record: RuleEvaluationRecord, storedResponseIDs: [String]) -> String {
        var json = record.json
        if !storedResponseIDs.isEmpty {
            json["stored_questionnaire_responses"] = .array(storedResponseIDs.map { .string("QuestionnaireResponse/\($0)") })
        }
        return json.serializedString()
    }

    private func intake(_ request: PASRequest, received body: [UInt8], submitter: String, member: MemberContext) -> CaseIntake {
        CaseIntake(
            submitter: submitter, requestIdentifier: request.identifier, memberID: member.member.id,
            providerNPI: request.providerNPIs.first, insurerID: member.payer.id, urgency: request.urgency.level,
            authorizationNumber: AuthorizationNumber.make(), coverageAssertionID: request.coverageAssertionIDs.first,
            requestJSON: request.storedText(received: body), claimIdentifiers: request.claimIdentifiers.compactMap(RequestIdentifier.init),
            items: request.items.map { item in
                CaseIntake.Item(sequence: item.sequence, service: item.service, quantity: item.quantity, servicePeriod: item.serviced)
            })
    }

    func answer(_ request: PASRequest, _ detail: CaseDetail, at moment: Date) throws -> PASAnswer {
        PASAnswer(status: 200, body: responses.response(to: try request.answered(), for: detail, at: moment))
    }

    /// A business error in the ClaimResponse (X12 901): the request is answered, nothing stored.
    func errorAnswer(_ request: PASRequest, _ errors: [PASErrorCondition], at moment: Date) throws -> PASAnswer {
        PASAnswer(status: 200, body: responses.errorResponse(
            to: try request.answered(), errors: errors, responseID: Self.errorResponseID(request), at: moment))
    }

    /// Error answers open no case; their ClaimResponse id is derived from the request, so the
    /// same request gets the same answer.
    static func errorResponseID(_ request: PASRequest) -> String {
        let text = [request.identifier.system, request.identifier.value].joined(separator: "|")
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return "error-" + String(hash, radix: 36)
    }
}
