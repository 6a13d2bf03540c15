import CaseStore
import FHIR
import Foundation
import Testing

@testable import PAS

/// The notifications a PAS subscriber gets when its case is decided, built by the store's
/// transaction on a real SQLite file.
struct PASSubscriptionNotifierTests {
    static let baseURL = "https://greenlight.example/fhir"
    static let clinic = "npi:1234567893"

    /// A store on a fresh file, a subscription of the clinic that passed its handshake, and a
    /// three-item case the clinic submitted (the official referral request as its Bundle).
    struct Setup {
        let directory: URL
        let store: SQLiteCaseStore
        let subscription: TopicSubscription
        let caseID: String

        init(content: SubscriptionChannel.Content = .fullResource) async throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("pas-subscriptions-\(UUID().uuidString)")
            store = try SQLiteCaseStore(path: directory.appendingPathComponent("greenlight.sqlite").path)
            let request = try PASSubscriptionReader().read(
                try PASExamples.json("Subscription-PASSubscriptionExample")
                    .replacing("channel._payload.extension[0].valueCode", with: .string(content.rawValue)))
            let created = try await store.createSubscription(
                owner: clinic,
                SubscriptionSettings(
                    topic: PASSubscriptionTopic.url, status: .requested, channel: request.channel,
                    resourceJSON: request.resource.serializedString()))
            subscription = try #require(try await store.recordHandshake(subscriptionID: created.id, version: created.version, .accepted))
            let referral = try PASExamples.json("Bundle-ReferralAuthorizationBundleExample")
            let sequence = try #require(referral["entry"]?[0]?["resource"]?["item"]?[0]?["sequence"]?.int)
            caseID = try await store.openCase(
                CaseIntake(
                    submitter: clinic, requestIdentifier: RequestIdentifier(value: "A12345"), memberID: "M-1",
                    urgency: .standard, authorizationNumber: "PA-1", requestJSON: referral.serializedString(),
                    items: [CaseIntake.Item(sequence: sequence, service: ServiceCode(system: "http://www.ama-assn.org/go/cpt", code: "99241"))])
            ).paCase.id
        }

        func notifications() async throws -> [JSON] {
            try await store.dueOutboxMessages(limit: 50).map { try JSON.parse($0.payload) }
        }

        func remove() {
            try? store.close()
            try? FileManager.default.removeItem(at: directory)
        }
    }

    static let notify = PASSubscriptionNotifier(version: .v2_2, baseURL: baseURL).builder

    @Test func aDecisionSendsAHistoryBundleWithTheStatusFirstAndTheResponseBundleAsFocus() async throws {
        let setup = try await Setup()
        defer { setup.remove() }
        try await setup.store.recordDecision(
            caseID: setup.caseID, itemSequence: 1, decision: ItemDecision(.certified), actor: "reviewer-1", notify: Self.notify)

        let bundle = try #require(try await setup.notifications().first)
        #expect(bundle.resourceType == "Bundle")
        #expect(bundle["type"]?.string == "history")
        let entries = try #require(bundle["entry"]?.array)
        #expect(entries.count == 2)

        let status = try #require(entries[0]["resource"])
        #expect(status.resourceType == "Parameters")
        #expect(entries[0]["request"]?["method"]?.string == "GET")
        #expect(entries[0]["request"]?["url"]?.string == "\(Self.baseURL)/Subscription/\(setup.subscription.id)/$status")
        #expect(entries[0]["response"]?["status"]?.string == "200")
        #expect(Self.parameter(status, "type")?["valueCode"]?.string == "event-notification")
        #expect(Self.parameter(status, "status")?["valueCode"]?.string == "active")
        #expect(Self.parameter(status, "topic")?["valueCanonical"]?.string == PASSubscriptionTopic.url)
        #expect(
            Self.parameter(status, "subscription")?["valueReference"]?["reference"]?.string
                == "\(Self.baseURL)/Subscription/\(setup.subscription.id)")
        #expect(Self.parameter(status, "events-since-subscription-start")?["valueString"]?.string == "1")
        let event = try #require(Self.parameter(status, "notification-event"))
        #expect(Self.part(event, "event-number")?["valueString"]?.string == "1")
        #expect(Self.part(event, "timestamp")?["valueInstant"] != nil)

        // The focus is the entry that carries the PAS response Bundle, whose first entry is the
        // ClaimResponse for this case with the decision.
        let focus = try #require(Self.part(event, "focus")?["valueReference"]?["reference"]?.string)
        #expect(entries[1]["fullUrl"]?.string == focus)
        let response = try #require(entries[1]["resource"])
        #expect(response.resourceType == "Bundle")
        #expect(response["type"]?.string == "collection")
        #expect(focus == "\(Self.baseURL)/Bundle/\(response.id ?? "")")
        #expect(entries[1]["request"] != nil && entries[1]["response"] != nil)
        let claimResponse = try #require(response["entry"]?[0]?["resource"])
        #expect(claimResponse.resourceType == "ClaimResponse")
        #expect(claimResponse.id == setup.caseID)
        #expect(claimResponse["outcome"]?.string == "complete")
        #expect(claimResponse.serializedString().contains("\"A1\""))
    }

    @Test func eventNumbersCountUpWithoutGapsAcrossChangesAndRefusals() async throws {
        let setup = try await Setup()
        defer { setup.remove() }
        try await setup.store.recordDecision(
            caseID: setup.caseID, itemSequence: 1, decision: ItemDecision(.pended, note: "Waiting for records."), actor: "r",
            notify: Self.notify)
        do {  // refused (a denial needs a reason), rolled back with its event number
            try await setup.store.recordDecision(
                caseID: setup.caseID, itemSequence: 1, decision: ItemDecision(.notCertified), actor: "r", notify: Self.notify)
            Issue.record("a denial without a reason was accepted")
        } catch {}
        try await setup.store.extendDueTime(
            caseID: setup.caseID, DueTimeExtensionRequest(days: 3, reason: "Records requested", actor: "r"), notify: Self.notify)
        try await setup.store.recordDecision(
            caseID: setup.caseID, itemSequence: 1, decision: ItemDecision(.certified), actor: "r", notify: Self.notify)

        let numbers = try await setup.notifications().map { bundle in
            Self.part(Self.parameter(bundle["entry"]?[0]?["resource"], "notification-event"), "event-number")?["valueString"]?.string
        }
        #expect(numbers == ["1", "2", "3"])
    }

    @Test func anIdOnlySubscriberGetsTheClaimResponseAddressOnly() async throws {
        let setup = try await Setup(content: .idOnly)
        defer { setup.remove() }
        try await setup.store.recordDecision(
            caseID: setup.caseID, itemSequence: 1, decision: ItemDecision(.certified), actor: "r", notify: Self.notify)
        let bundle = try #require(try await setup.notifications().first)
        let event = Self.parameter(bundle["entry"]?[0]?["resource"], "notification-event")
        let claimResponseURL = "\(Self.baseURL)/ClaimResponse/\(setup.caseID)"
        #expect(Self.part(event, "focus")?["valueReference"]?["reference"]?.string == claimResponseURL)
        #expect(bundle["entry"]?[1]?["fullUrl"]?.string == claimResponseURL)
        #expect(bundle["entry"]?[1]?["resource"] == nil)
    }

    @Test func theHandshakeSaysRequestedAndCarriesNoEvent() async throws {
        let setup = try await Setup()
        defer { setup.remove() }
        let handshake = BackportNotification(baseURL: Self.baseURL).handshake(for: setup.subscription, at: Date())
        #expect(handshake["type"]?.string == "history")
        let status = handshake["entry"]?[0]?["resource"]
        #expect(Self.parameter(status, "type")?["valueCode"]?.string == "handshake")
        #expect(Self.parameter(status, "status")?["valueCode"]?.string == "requested")
        #expect(Self.parameter(status, "events-since-subscription-start")?["valueString"]?.string == "0")
        #expect(Self.parameter(status, "notification-event") == nil)
        #expect(handshake["entry"]?.array?.count == 1)
    }

    static func parameter(_ parameters: JSON?, _ name: String) -> JSON? {
        parameters?["parameter"]?.array?.first { $0["name"]?.string == name }
    }

    static func part(_ parameter: JSON?, _ name: String) -> JSON? {
        parameter?["part"]?.array?.first { $0["name"]?.string == name }
    }
}
