import CaseStore
import FHIR
import Foundation
import Logging
import Rules
import Testing

@testable import PAS

/// `Claim/$submit` end to end without HTTP: the official referral request against a real store
/// and the shipped Rules.
@Suite struct PASSubmitServiceTests {
    static let submitter = "org-1234567893"
    static let receivedAt = Date(timeIntervalSince1970: 1_795_400_000)  // 2026-11-22

    struct Environment {
        let store: SQLiteCaseStore
        let service: PASSubmitService
        let folder: URL
    }

    /// A store whose payer is the examples' insurer (known by its NPI) and whose member carries
    /// the examples' subscriber id; the shipped Rules.
    static func environment(memberKnown: Bool = true, adjudicationBudget: Duration = .seconds(8)) async throws -> Environment {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pas-submit-\(UUID().uuidString)")
        let store = try SQLiteCaseStore(path: folder.appendingPathComponent("store.sqlite").path)
        try await store.upsertPayer(Payer(
            id: "payer-x", name: "Example Insurer", identifierSystem: "http://hl7.org/fhir/sid/us-npi", identifierValue: "1234567893"))
        if memberKnown {
            try await store.upsertMember(Member(id: "M-1", payerID: "payer-x", birthDate: "1970-01-01", patientJSON: "{}"))
            try await store.upsertCoverage(MemberCoverage(
                id: "cov-1", memberID: "M-1", payerID: "payer-x", subscriberID: "1122334455", status: "active", coverageJSON: "{}"))
        }
        var logger = Logger(label: "test.pas")
        logger.logLevel = .critical
        let rules = try RuleEngine(directory: PASExamples.repository.appendingPathComponent("Rules"), logger: logger)
        let service = PASSubmitService(
            rules: rules, store: store, baseURL: "https://pa.example/fhir", timeZone: TimeZone(identifier: "America/New_York")!,
            adjudicationBudget: adjudicationBudget, logger: logger)
        return Environment(store: store, service: service, folder: folder)
    }

    /// The official referral request, with `path` (from the Bundle) replaced by `value` when given.
    static func referral(_ path: String? = nil, _ value: JSON? = nil) throws -> [UInt8] {
        let bundle = try PASExamples.json("Bundle-ReferralAuthorizationBundleExample")
        return (path.map { bundle.replacing($0, with: value) } ?? bundle).serialized()
    }

    /// The referral with its service replaced by a metabolic panel, which the shipped rules certify.
    static func labPanel() throws -> [UInt8] {
        try referral(
            "entry[0].resource.item[0].productOrService",
            ["coding": [["system": "http://www.ama-assn.org/go/cpt", "code": "80053"]]])
    }

    /// The first item's review action code in a response Bundle.
    static func reviewAction(_ response: JSON, item: Int = 0) -> String? {
        let claimResponse = response["entry"]?[0]?["resource"]
        let extensions = claimResponse?["item"]?[item]?["adjudication"]?[0]?["extension"]?.array ?? []
        let action = extensions.first { $0["url"]?.string?.hasSuffix("extension-reviewAction") == true }
        let code = action?["extension"]?.array?.first { $0["url"]?.string?.hasSuffix("extension-reviewActionCode") == true }
        return code?["valueCodeableConcept"]?["coding"]?[0]?["code"]?.string
    }

    @Test func theReferralExampleOpensAnExpeditedCaseAndIsPendedForReview() async throws {
        let env = try await Self.environment()
        defer { try? FileManager.default.removeItem(at: env.folder) }
        let answer = await env.service.submit(body: try Self.referral(), submitter: Self.submitter, receivedAt: Self.receivedAt)
        #expect(answer.status == 200)
        #expect(answer.body["entry"]?[0]?["resource"]?.resourceType == "ClaimResponse")
        // X12 1365 code 3 (consultation): no policy governs it, so a reviewer decides.
        #expect(Self.reviewAction(answer.body) == "A4")
        let cases = try await env.store.cases(memberID: "M-1")
        #expect(cases.count == 1)
        #expect(cases.first?.urgency == .expedited)
        #expect(cases.first?.submitter == Self.submitter)
        #expect(cases.first?.dueAt == cases.first.map { $0.receivedAt.addingTimeInterval(72 * 3600) })
    }

    @Test func aServiceThePoliciesApproveIsCertifiedAtOnce() async throws {
        let env = try await Self.environment()
        defer { try? FileManager.default.removeItem(at: env.folder) }
        let answer = await env.service.submit(body: try Self.labPanel(), submitter: Self.submitter, receivedAt: Self.receivedAt)
        #expect(answer.status == 200)
        #expect(Self.reviewAction(answer.body) == "A1")
        let claimResponse = answer.body["entry"]?[0]?["resource"]
        let caseID = try #require(try await env.store.cases(memberID: "M-1").first?.id)
        let detail = try #require(try await env.store.caseDetail(id: caseID))
        #expect(detail.items.first?.reviewAction == .certified)
        #expect(detail.items.first?.decidedBy == "rules")
        // The decision's event keeps the rules' evaluation record: policy, version, input, output.
        let event = try #require(try await env.store.events(caseID: caseID).first { $0.kind == .decision })
        let after = try JSON.parse(try #require(event.after))
        let basis = try #require(after["basis"])
        #expect(basis["policy"]?.string == "basic-metabolic-panel")
        #expect(basis["function"]?.string == "adjudicate")
        #expect(basis["input"]?["item"]?["sequence"] == 1)
        #expect(basis["output"]?["action"]?.string == "approve")
        // What the policy did not read is named, not copied: the Patient and Coverage stay in
        // the case's request Bundle.
        #expect(basis["unread"]?.array?.contains("patient.resource") == true)
        #expect(basis["input"]?["patient"]?["resource"] == nil)
        #expect(basis["input"]?["patient"]?["id"] != nil)
        #expect(after["reviewAction"]?.string == "A1")
        #expect(claimResponse?["preAuthRef"]?.string == detail.paCase.authorizationNumber)
    }

    /// The 15 s the guide allows: items the rules cannot reach in time are pended for a reviewer,
    /// and the request is still answered and recorded.
    @Test func itemsTheRulesHaveNoTimeForArePendedNotLost() async throws {
        let env = try await Self.environment(adjudicationBudget: .zero)
        defer { try? FileManager.default.removeItem(at: env.folder) }
        let answer = await env.service.submit(body: try Self.labPanel(), submitter: Self.submitter, receivedAt: Self.receivedAt)
        #expect(answer.status == 200)
        #expect(Self.reviewAction(answer.body) == "A4")
        let caseID = try #require(try await env.store.cases(memberID: "M-1").first?.id)
        let detail = try #require(try await env.store.caseDetail(id: caseID))
        #expect(detail.items.first?.reviewAction == .pended)
        #expect(detail.items.first?.note?.contains("in time") == true)
    }

    /// A request resent after the member's coverage ended is answered from its case, not with
    /// the business error a new request would get; and one older than the member's recent
    /// cases (which come with the member) is still found, by the store inside the write.
    @Test func aResentRequestIsAnsweredFromItsCaseWhateverChangedSince() async throws {
        let env = try await Self.environment()
        defer { try? FileManager.default.removeItem(at: env.folder) }
        let first = await env.service.submit(body: try Self.labPanel(), submitter: Self.submitter, receivedAt: Self.receivedAt)
        #expect(Self.reviewAction(first.body) == "A1")
        try await env.store.upsertCoverage(MemberCoverage(
            id: "cov-1", memberID: "M-1", payerID: "payer-x", subscriberID: "1122334455", status: "cancelled", coverageJSON: "{}"))
        let again = await env.service.submit(body: try Self.labPanel(), submitter: Self.submitter, receivedAt: Self.receivedAt)
        #expect(again.status == 200)
        #expect(Self.reviewAction(again.body) == "A1")
        #expect(again.body["entry"]?[0]?["resource"]?.id == first.body["entry"]?[0]?["resource"]?.id)
        #expect(try await env.store.cases(memberID: "M-1").count == 1)
        // A new request now gets the business error: the resend above did not pass eligibility.
        let other = try PASExamples.json("Bundle-ReferralAuthorizationBundleExample")
            .replacing("entry[0].resource.item[0].productOrService", with: ["coding": [["system": "http://www.ama-assn.org/go/cpt", "code": "80053"]]])
            .replacing("identifier.value", with: "another-request")
        let refused = await env.service.submit(body: other.serialized(), submitter: Self.submitter, receivedAt: Self.receivedAt)
        #expect(refused.body["entry"]?[0]?["resource"]?["error"] != nil, "\(refused.body)")
    }

    /// The same Bundle again, serially and concurrently: one case, the same answer.
    @Test func theSameRequestTwiceIsOneCase() async throws {
        let env = try await Self.environment()
        defer { try? FileManager.default.removeItem(at: env.folder) }
        let body = try Self.referral()
        let first = await env.service.submit(body: body, submitter: Self.submitter, receivedAt: Self.receivedAt)
        let service = env.service
        let again = await withTaskGroup(of: PASAnswer.self) { group -> [PASAnswer] in
            for _ in 0..<5 {
                group.addTask { await service.submit(body: body, submitter: Self.submitter, receivedAt: Self.receivedAt) }
            }
            var answers: [PASAnswer] = []
            for await answer in group { answers.append(answer) }
            return answers
        }
        #expect(try await env.store.cases(memberID: "M-1").count == 1)
        let id = first.body["entry"]?[0]?["resource"]?.id
        #expect(again.allSatisfy { $0.status == 200 && $0.body["entry"]?[0]?["resource"]?.id == id })
    }

    /// The case keeps the request as it came: the bytes of a bare Bundle (pretty-printed here),
    /// the Bundle itself when it came inside a `Parameters`. Either reads back as what was sent.
    @Test func theCaseKeepsTheRequestAsSent() async throws {
        let env = try await Self.environment()
        defer { try? FileManager.default.removeItem(at: env.folder) }
        let bundle = try JSON.parse(Self.referral())
        let pretty = bundle.serialized(pretty: true)
        #expect(await env.service.submit(body: pretty, submitter: Self.submitter, receivedAt: Self.receivedAt).status == 200)
        let kept = try #require(try await env.store.cases(memberID: "M-1").first)
        #expect(kept.requestJSON == String(decoding: pretty, as: UTF8.self))

        var other = bundle
        other["identifier"]?["value"] = "WRAPPED-1"
        let wrapped: JSON = ["resourceType": "Parameters", "parameter": [["name": "resource", "resource": other]]]
        #expect(await env.service.submit(body: wrapped.serialized(), submitter: Self.submitter, receivedAt: Self.receivedAt).status == 200)
        let cases = try await env.store.cases(memberID: "M-1")
        let fromParameters = try #require(cases.first { $0.requestIdentifier.value == "WRAPPED-1" })
        #expect(try JSON.parse(Array(fromParameters.requestJSON.utf8)) == other)
    }

    @Test func aMalformedBundleIsRefusedAndStoresNothing() async throws {
        let env = try await Self.environment()
        defer { try? FileManager.default.removeItem(at: env.folder) }
        let body = try Self.referral("entry[0].resource.use", "claim")
        let answer = await env.service.submit(body: body, submitter: Self.submitter, receivedAt: Self.receivedAt)
        #expect(answer.status == 422)
        #expect(answer.body.resourceType == "OperationOutcome")
        #expect(try await env.store.cases(memberID: "M-1").isEmpty)
    }

    @Test func anUnknownMemberIsABusinessErrorAndOpensNoCase() async throws {
        let env = try await Self.environment(memberKnown: false)
        defer { try? FileManager.default.removeItem(at: env.folder) }
        let answer = await env.service.submit(body: try Self.referral(), submitter: Self.submitter, receivedAt: Self.receivedAt)
        #expect(answer.status == 200)
        let claimResponse = answer.body["entry"]?[0]?["resource"]
        #expect(claimResponse?["outcome"]?.string == "error")
        #expect(claimResponse?["error"]?[0]?["code"]?["coding"]?[0]?["code"]?.string == PASErrorCondition.memberNotFound().rejectReason)
        #expect(try await env.store.openCases(limit: 10).isEmpty)
    }
}
