import CaseStore
import FHIR
import Foundation
import Testing

@testable import PAS

/// Claim Updates through `$submit`: the official home-health original and update, edited into
/// the other shapes (change, cancel all, denied, unknown prior, duplicates) against a real
/// store and the shipped Rules.
@Suite struct PASUpdateServiceTests {
    typealias Env = PASSubmitServiceTests
    static let submitter = Env.submitter
    static let receivedAt = Env.receivedAt
    static let later = receivedAt.addingTimeInterval(3600)
    static let cpt = "http://www.ama-assn.org/go/cpt"

    static func original(_ edit: (JSON) -> JSON = { $0 }) throws -> JSON {
        edit(try PASExamples.json("Bundle-HomecareAuthorizationBundleExample"))
    }

    static func update(_ edit: (JSON) -> JSON = { $0 }) throws -> JSON {
        edit(try PASExamples.json("Bundle-HomecareAuthorizationUpdateBundleExample"))
    }

    /// The review action codes of a response's items, by item sequence.
    static func actions(_ response: JSON) -> [Int: String] {
        var actions: [Int: String] = [:]
        for (index, item) in (response["entry"]?[0]?["resource"]?["item"]?.array ?? []).enumerated() {
            guard let sequence = item["itemSequence"]?.int else { continue }
            actions[sequence] = Env.reviewAction(response, item: index)
        }
        return actions
    }

    static func errorCodes(_ response: JSON) -> [String] {
        (response["entry"]?[0]?["resource"]?["error"]?.array ?? []).compactMap { $0["code"]?["coding"]?[0]?["code"]?.string }
    }

    static func submit(_ env: Env.Environment, _ bundle: JSON, at moment: Date = later) async -> PASAnswer {
        await env.service.submit(body: bundle.serialized(), submitter: submitter, receivedAt: moment)
    }

    /// The one case the member has.
    static func onlyCase(_ env: Env.Environment) async throws -> PACase {
        let cases = try await env.store.cases(memberID: "M-1")
        try #require(cases.count == 1)
        return cases[0]
    }

    @Test func theOfficialUpdateCancelsOneItemAndAddsAnother() async throws {
        let env = try await Env.environment()
        defer { try? FileManager.default.removeItem(at: env.folder) }
        let opened = await Self.submit(env, try Self.original(), at: Self.receivedAt)
        #expect(Self.actions(opened.body) == [1: "A4", 2: "A4"])
        let before = try await Self.onlyCase(env)

        let answer = await Self.submit(env, try Self.update())
        #expect(answer.status == 200)
        #expect(answer.body["entry"]?[0]?["resource"]?.resourceType == "ClaimResponse")
        // Every item with its current result: 1 still pended, 2 cancelled, 3 new and pended.
        #expect(Self.actions(answer.body) == [1: "A4", 2: "C", 3: "A4"])

        let after = try await Self.onlyCase(env)
        #expect(after.id == before.id)
        #expect(after.receivedAt == before.receivedAt)
        #expect(after.dueAt == before.dueAt)
        let items = try await env.store.items(caseID: after.id)
        #expect(items.map(\.sequence) == [1, 2, 3])
        // Undecided items have no review action yet (the response says A4 for them).
        #expect(items.map(\.reviewAction) == [nil, .cancelled, nil])
        let kinds = try await env.store.events(caseID: after.id).map(\.kind)
        #expect(kinds.contains(.update))
        #expect(kinds.filter { $0 == .itemCancelled }.count == 1)
        #expect(kinds.filter { $0 == .itemAdded }.count == 1)
        let versions = try await env.store.requestVersions(caseID: after.id)
        #expect(versions.map(\.version) == [1, 2])
        #expect(versions.map(\.requestIdentifier.value) == ["B56789", "A12345"])
        #expect(after.requestJSON.contains("111099-UPDATE"))
    }

    @Test func theSameUpdateTwiceIsAppliedOnce() async throws {
        let env = try await Env.environment()
        defer { try? FileManager.default.removeItem(at: env.folder) }
        _ = await Self.submit(env, try Self.original(), at: Self.receivedAt)
        let update = try Self.update()
        let first = await Self.submit(env, update)
        let second = await Self.submit(env, update, at: Self.later.addingTimeInterval(60))
        #expect(Self.actions(second.body) == Self.actions(first.body))
        let paCase = try await Self.onlyCase(env)
        #expect(try await env.store.events(caseID: paCase.id).filter { $0.kind == .update }.count == 1)
        #expect(try await env.store.requestVersions(caseID: paCase.id).count == 2)
    }

    @Test func concurrentCopiesOfAnUpdateAreAppliedOnce() async throws {
        let env = try await Env.environment()
        defer { try? FileManager.default.removeItem(at: env.folder) }
        _ = await Self.submit(env, try Self.original(), at: Self.receivedAt)
        let update = try Self.update()
        let answers = await withTaskGroup(of: PASAnswer.self) { group in
            for _ in 0..<6 { group.addTask { await Self.submit(env, update) } }
            return await group.reduce(into: [PASAnswer]()) { $0.append($1) }
        }
        #expect(answers.allSatisfy { $0.status == 200 && Self.actions($0.body) == [1: "A4", 2: "C", 3: "A4"] })
        let paCase = try await Self.onlyCase(env)
        #expect(try await env.store.events(caseID: paCase.id).filter { $0.kind == .update }.count == 1)
        #expect(try await env.store.items(caseID: paCase.id).count == 3)
    }

    @Test func aChangedItemIsAdjudicatedAgainAndDecidedItemsKeepTheirDecision() async throws {
        let env = try await Env.environment()
        defer { try? FileManager.default.removeItem(at: env.folder) }
        // Item 1 is a lab panel the policies certify at once; item 2 waits for a reviewer.
        let panel: JSON = ["coding": [["system": .string(Self.cpt), "code": "80053"]]]
        let original = try Self.original { $0.replacing("entry[0].resource.item[0].productOrService", with: panel) }
        #expect(Self.actions(await Self.submit(env, original, at: Self.receivedAt).body) == [1: "A1", 2: "A4"])
        let paCase = try await Self.onlyCase(env)

        // Item 2 becomes the lab panel too: the rules certify it without a reviewer.
        let update = try Self.update { bundle in
            let firstTwo = JSON.array(Array((bundle["entry"]?[0]?["resource"]?["item"]?.array ?? []).prefix(2)))
            return bundle
                .replacing("entry[0].resource.item", with: firstTwo)
                .replacing("entry[0].resource.item[0].productOrService", with: panel)
                .replacing("entry[0].resource.item[1].productOrService", with: panel)
                .replacing("entry[0].resource.item[1].modifierExtension", with: nil)
                .replacing("entry[0].resource.item[1].extension[1].valueCodeableConcept.coding[0].code", with: "I")
        }
        let answer = await Self.submit(env, update)
        #expect(answer.status == 200, "\(answer.body)")
        #expect(Self.actions(answer.body) == [1: "A1", 2: "A1"])
        let items = try await env.store.items(caseID: paCase.id)
        #expect(items.map(\.reviewAction) == [.certified, .certified])
        #expect(try await env.store.paCase(id: paCase.id)?.status == .approved)
        let changed = try await env.store.events(caseID: paCase.id).filter { $0.kind == .itemChanged }
        #expect(changed.map(\.itemSequence) == [2])
    }

    @Test func anUpdateReopensADecidedCaseWithoutMovingItsClock() async throws {
        let env = try await Env.environment()
        defer { try? FileManager.default.removeItem(at: env.folder) }
        _ = await Self.submit(env, try Self.original(), at: Self.receivedAt)
        let paCase = try await Self.onlyCase(env)
        try await env.store.recordDecisions(
            caseID: paCase.id, decisions: [1: ItemDecision(.certified), 2: ItemDecision(.certified)], actor: "reviewer-1")
        let decided = try #require(try await env.store.paCase(id: paCase.id))
        #expect(decided.status == .approved)
        #expect(decided.decidedAt != nil)
        #expect(try await env.store.openCases().isEmpty)

        // The official update: item 2 withdrawn, item 3 added; item 3 waits for a reviewer.
        let answer = await Self.submit(env, try Self.update())
        #expect(Self.actions(answer.body) == [1: "A1", 2: "C", 3: "A4"])
        let reopened = try #require(try await env.store.paCase(id: paCase.id))
        #expect(reopened.status == .pended || reopened.status == .received)
        #expect(reopened.decidedAt == nil)
        #expect(reopened.dueAt == decided.dueAt)
        #expect(try await env.store.openCases().map(\.id) == [paCase.id])
    }

    @Test func aClaimLevelCancelWithdrawsTheWholeRequest() async throws {
        let env = try await Env.environment()
        defer { try? FileManager.default.removeItem(at: env.folder) }
        _ = await Self.submit(env, try Self.original(), at: Self.receivedAt)
        let cancel = try Self.update { bundle in
            bundle.editingClaim { claim in
                let certification: JSON = [
                    "url": .string(PASVocabulary.Extension.certificationType),
                    "valueCodeableConcept": ["coding": [["system": "https://codesystem.x12.org/005010/1322", "code": "3"]]],
                ]
                claim["extension"] = .array((claim["extension"]?.array ?? []) + [certification])
            }
        }
        let answer = await Self.submit(env, cancel)
        #expect(answer.status == 200, "\(answer.body)")
        #expect(Set(Self.actions(answer.body).values) == ["C"])
        let paCase = try await Self.onlyCase(env)
        #expect(paCase.status == .cancelled)
        #expect(try await env.store.requestVersions(caseID: paCase.id).last?.kind == .cancel)

        // Nothing is left to update: a further update is refused with an X12 error.
        let again = await Self.submit(env, try Self.update { $0.replacing("identifier.value", with: "A12346") })
        #expect(Self.errorCodes(again.body) == ["33"])
        #expect(try await env.store.requestVersions(caseID: paCase.id).count == 2)
    }

    @Test func aDeniedRequestCannotBeUpdated() async throws {
        let env = try await Env.environment()
        defer { try? FileManager.default.removeItem(at: env.folder) }
        _ = await Self.submit(env, try Self.original(), at: Self.receivedAt)
        let paCase = try await Self.onlyCase(env)
        let denial = ItemDecision(.notCertified, reasonCodes: ["0U"], note: "Not medically necessary for this diagnosis.")
        try await env.store.recordDecisions(caseID: paCase.id, decisions: [1: denial, 2: denial], actor: "reviewer-1")
        let eventsBefore = try await env.store.events(caseID: paCase.id).count

        let answer = await Self.submit(env, try Self.update())
        #expect(answer.status == 200)
        #expect(answer.body["entry"]?[0]?["resource"]?["outcome"]?.string == "error")
        #expect(Self.errorCodes(answer.body) == ["33"])
        #expect(try await env.store.events(caseID: paCase.id).count == eventsBefore)
        #expect(try await env.store.items(caseID: paCase.id).count == 2)
    }

    @Test func changingADeniedItemIsRefusedAndNamesTheItem() async throws {
        let env = try await Env.environment()
        defer { try? FileManager.default.removeItem(at: env.folder) }
        _ = await Self.submit(env, try Self.original(), at: Self.receivedAt)
        let paCase = try await Self.onlyCase(env)
        let denial = ItemDecision(.notCertified, reasonCodes: ["0U"], note: "Not medically necessary for this diagnosis.")
        try await env.store.recordDecisions(caseID: paCase.id, decisions: [1: denial], actor: "reviewer-1")
        let update = try Self.update { $0.replacing("entry[0].resource.item[0].extension[2]", with: ["url": .string(PASVocabulary.Extension.infoChanged), "valueCode": "changed"]) }
        let answer = await Self.submit(env, update)
        #expect(Self.errorCodes(answer.body) == ["33"])
        let error = answer.body["entry"]?[0]?["resource"]?["error"]?[0]
        #expect(error?.description.contains("item[0]") == true)
        #expect(try await env.store.items(caseID: paCase.id).count == 2)
    }

    @Test func anUpdateOfAnUnknownRequestIsABusinessError() async throws {
        let env = try await Env.environment()
        defer { try? FileManager.default.removeItem(at: env.folder) }
        let answer = await Self.submit(env, try Self.update())
        #expect(answer.status == 200)
        #expect(Self.errorCodes(answer.body) == ["AA"])
        #expect(try await env.store.cases(memberID: "M-1").isEmpty)
    }

    @Test func anotherSubmitterCannotUpdateTheRequest() async throws {
        let env = try await Env.environment()
        defer { try? FileManager.default.removeItem(at: env.folder) }
        _ = await Self.submit(env, try Self.original(), at: Self.receivedAt)
        let answer = await env.service.submit(body: try Self.update().serialized(), submitter: "npi:1999999999", receivedAt: Self.later)
        #expect(Self.errorCodes(answer.body) == ["AA"])
        let paCase = try await Self.onlyCase(env)
        #expect(try await env.store.items(caseID: paCase.id).count == 2)
    }

    @Test func anUpdateThatLeavesOutAnItemIsRefusedWithNothingStored() async throws {
        let env = try await Env.environment()
        defer { try? FileManager.default.removeItem(at: env.folder) }
        _ = await Self.submit(env, try Self.original(), at: Self.receivedAt)
        let update = try Self.update { bundle in
            // Only item 3 (added): items 1 and 2 are missing.
            bundle.replacing("entry[0].resource.item", with: [bundle["entry"]![0]!["resource"]!["item"]![2]!])
        }
        let answer = await Self.submit(env, update)
        #expect(answer.status == 422)
        #expect(answer.body.resourceType == "OperationOutcome")
        #expect(answer.body["issue"]?.array?.count == 1)
        #expect(answer.body["issue"]?[0]?["expression"]?[0]?.string == "Bundle.entry[0].resource.item")
        let paCase = try await Self.onlyCase(env)
        #expect(try await env.store.requestVersions(caseID: paCase.id).count == 1)
    }

    @Test func anItemMarkedChangedThatWasNeverSentIsRefusedByPath() async throws {
        let env = try await Env.environment()
        defer { try? FileManager.default.removeItem(at: env.folder) }
        _ = await Self.submit(env, try Self.original(), at: Self.receivedAt)
        let update = try Self.update {
            $0.replacing("entry[0].resource.item[2].extension[2].valueCode", with: "changed")
        }
        let answer = await Self.submit(env, update)
        #expect(answer.status == 422)
        #expect(answer.body["issue"]?[0]?["expression"]?[0]?.string == "Bundle.entry[0].resource.item[2]")
    }

    /// The submitting organization's subscriber hears of the change an update made.
    @Test func anUpdateNotifiesTheSubmittersSubscription() async throws {
        let env = try await Env.environment()
        defer { try? FileManager.default.removeItem(at: env.folder) }
        let request = try PASSubscriptionReader().read(try PASExamples.json("Subscription-PASSubscriptionExample"))
        let created = try await env.store.createSubscription(
            owner: Self.submitter,
            SubscriptionSettings(
                topic: PASSubscriptionTopic.url, status: .requested, channel: request.channel,
                resourceJSON: request.resource.serializedString()))
        _ = try await env.store.recordHandshake(subscriptionID: created.id, version: created.version, .accepted)
        _ = await Self.submit(env, try Self.original(), at: Self.receivedAt)
        #expect(try await env.store.dueOutboxMessages(limit: 10).isEmpty)

        _ = await Self.submit(env, try Self.update())
        let messages = try await env.store.dueOutboxMessages(limit: 10)
        #expect(messages.count == 1)
        let notification = try JSON.parse(try #require(messages.first).payload)
        let response = try #require(notification["entry"]?[1]?["resource"])
        #expect(Self.actions(response) == [1: "A4", 2: "C", 3: "A4"])
    }

    @Test func anInquiryAfterAnUpdateAnswersTheCurrentState() async throws {
        let env = try await Env.environment()
        defer { try? FileManager.default.removeItem(at: env.folder) }
        let clinic = PASInquiryServiceTests.clinic
        for (bundle, moment) in [(try Self.original(), Self.receivedAt), (try Self.update(), Self.later)] {
            let answer = await env.service.submit(body: bundle.serialized(), submitter: clinic.submitter, receivedAt: moment)
            #expect(answer.status == 200)
        }
        let paCase = try await Self.onlyCase(env)
        let inquiry = PASInquiryService(store: env.store, baseURL: "https://pa.example/fhir")
        let example = try PASExamples.json("Bundle-PASClaimInquiryBundleExample")
        let byNumber = example.editingClaim { claim in
            claim["extension"] = .array((claim["extension"]?.array ?? []) + [[
                "url": .string(PASVocabulary.Extension.authorizationNumber),
                "valueString": .string(paCase.authorizationNumber ?? ""),
            ]])
        }
        for body in [example, byNumber] {
            let answer = await inquiry.inquire(body: body.serialized(), requester: clinic, receivedAt: Self.later)
            #expect(answer.status == 200, "\(answer.body)")
            let responses = PASInquiryServiceTests.claimResponses(answer.body)
            #expect(responses.count == 1)
            #expect(Self.actions(["entry": [["resource": responses.first ?? .null]]]) == [1: "A4", 2: "C", 3: "A4"])
        }
    }
}
