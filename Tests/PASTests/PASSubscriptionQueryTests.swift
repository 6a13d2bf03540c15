import CaseStore
import Foundation
import Testing

@testable import PAS

/// Search and `$status` criteria read as FHIR search reads them: commas are alternatives,
/// repeated parameters must all match.
struct PASSubscriptionQueryTests {
    static let subscription = TopicSubscription(
        id: "s-1", owner: "npi:1500000017",
        settings: SubscriptionSettings(
            topic: PASSubscriptionTopic.url, status: .active, channel: SubscriptionChannel(endpoint: "https://clinic.example/hook"),
            resourceJSON: "{}"),
        createdAt: Date(), updatedAt: Date())

    @Test func commasAreAlternativesAndRepeatsMustAllMatch() {
        #expect(PASSubscriptionQuery.alternatives(["active,error", "off"]) == [["active", "error"], ["off"]])
        #expect(PASSubscriptionQuery(statuses: [["error", "active"]]).matches(Self.subscription))
        #expect(!PASSubscriptionQuery(statuses: [["active"], ["off"]]).matches(Self.subscription))
        #expect(PASSubscriptionQuery(endpoints: [["https://clinic.example/hook"]], ids: [["s-1", "s-2"]]).matches(Self.subscription))
        #expect(!PASSubscriptionQuery(endpoints: [["https://other.example/hook"]]).matches(Self.subscription))
        #expect(PASSubscriptionQuery().matches(Self.subscription), "no criteria, no condition")
    }

    @Test func statusSaysWhyASubscriptionIsInError() {
        var failed = Self.subscription
        failed.status = .error
        failed.lastError = "POST https://clinic.example/hook answered HTTP 500"
        let notifications = BackportNotification(baseURL: "https://greenlight.example/fhir")
        let status = notifications.queryStatus(of: failed)
        let parameters = status["parameter"]?.array ?? []
        #expect(parameters.first { $0["name"]?.string == "type" }?["valueCode"]?.string == "query-status")
        #expect(parameters.first { $0["name"]?.string == "error" }?["valueCodeableConcept"]?["text"]?.string == failed.lastError)
        #expect(notifications.queryStatus(of: Self.subscription)["parameter"]?.array?.contains { $0["name"]?.string == "error" } == false)
    }
}
