import CaseStore
import FHIR
import Testing

@testable import PAS

/// Checking PAS Subscriptions: the official example passes; each way of getting one wrong is
/// refused with one OperationOutcome whose issue names the element by FHIRPath.
struct PASSubscriptionReaderTests {
    static func example() throws -> JSON { try PASExamples.json("Subscription-PASSubscriptionExample") }

    static let filterPath =
        "Subscription.criteria.extension.where(url = 'http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-filter-criteria')"

    @Test func theOfficialExampleIsAccepted() throws {
        let request = try PASSubscriptionReader().read(try Self.example())
        #expect(request.organizationIdentifier == "1234567893")
        #expect(request.status == .requested)
        #expect(request.channel.endpoint == "http://example.org/send-me-subscription-notifications")
        #expect(request.channel.content == .fullResource)
        #expect(request.channel.payloadType == "application/fhir+json")
        #expect(request.channel.headers.isEmpty)
        #expect(request.resource["id"] == nil)  // the server assigns it
        #expect(request.resource["reason"]?.string == "Receive notifications about claim responses for my organization.")
    }

    @Test(arguments: [
        "org-identifier=1234567893", "orgIdentifier=1234567893", "ClaimResponse?org-identifier=1234567893",
        "org-identifier=http://hl7.org/fhir/sid/us-npi|1234567893",
    ])
    func bothFilterSpellingsAreAccepted(_ filter: String) throws {
        let subscription = try Self.example().replacing("_criteria.extension[0].valueString", with: .string(filter))
        #expect(try PASSubscriptionReader().read(subscription).organizationIdentifier == "1234567893")
    }

    @Test func channelSettingsAreRead() throws {
        let subscription = try Self.example()
            .replacing("channel.header", with: ["Authorization: Bearer secret-123"])
            .replacing("channel._payload.extension[0].valueCode", with: "id-only")
            .replacing(
                "channel.extension",
                with: [
                    ["url": "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-heartbeat-period", "valueUnsignedInt": 120],
                    ["url": "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-timeout", "valueUnsignedInt": 5],
                ])
        let channel = try PASSubscriptionReader().read(subscription).channel
        #expect(channel.headers == ["Authorization: Bearer secret-123"])
        #expect(channel.content == .idOnly)
        #expect(channel.heartbeatPeriod == 120)
        #expect(channel.timeout == 5)
    }

    /// One bad element each: (what to change, the status, the FHIRPath the issue names).
    static let badCases: [(String, JSON?, Int, String)] = [
        ("criteria", "http://example.org/SubscriptionTopic/other", 422, "Subscription.criteria"),
        ("criteria", nil, 422, "Subscription.criteria"),
        ("channel.type", "websocket", 422, "Subscription.channel.type"),
        ("channel.type", "email", 422, "Subscription.channel.type"),
        ("channel.endpoint", "ftp://example.org/hook", 422, "Subscription.channel.endpoint"),
        ("channel.endpoint", "/relative/hook", 422, "Subscription.channel.endpoint"),
        ("channel.endpoint", nil, 422, "Subscription.channel.endpoint"),
        ("channel.payload", "application/fhir+xml", 422, "Subscription.channel.payload"),
        ("channel.header", ["Content-Type: text/plain"], 422, "Subscription.channel.header[0]"),
        ("channel.header", ["no colon here"], 422, "Subscription.channel.header[0]"),
        (
            "channel._payload.extension[0].valueCode", "empty", 422,
            "Subscription.channel.payload.extension.where(url = 'http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-payload-content')"
        ),
        ("_criteria", nil, 422, filterPath),
        ("_criteria.extension[0].valueString", "patient=Patient/123", 422, filterPath),
        ("_criteria.extension[0].valueString", "org-identifier=", 422, filterPath),
        ("status", "paused", 422, "Subscription.status"),
        ("reason", nil, 422, "Subscription.reason"),
        ("end", "2026-13-45", 422, "Subscription.end"),
        ("channel.endpoint", "", 400, "Subscription.channel.endpoint"),
    ]

    @Test(arguments: badCases.indices)
    func aBadSubscriptionIsRefusedWithOneIssueNamingTheElement(_ index: Int) throws {
        let (path, value, status, expression) = Self.badCases[index]
        let subscription = try Self.example().replacing(path, with: value)
        let error = try #require(expectRefusal { _ = try PASSubscriptionReader().read(subscription) })
        #expect(error.status.rawValue == status, "\(path) = \(value?.description ?? "nil")")
        #expect(error.outcome.issues.count == 1, "\(error.outcome)")
        #expect(error.issue(at: expression) != nil, "\(error.outcome)")
    }

    @Test func everyProblemIsInTheSameOutcome() throws {
        let subscription = try Self.example()
            .replacing("criteria", with: "http://example.org/other")
            .replacing("channel.type", with: "websocket")
            .replacing("channel.endpoint", with: "not a url")
        let error = try #require(expectRefusal { _ = try PASSubscriptionReader().read(subscription) })
        #expect(error.status == .unprocessableContent)
        #expect(
            Set(error.outcome.issues.flatMap(\.expression))
                == ["Subscription.criteria", "Subscription.channel.type", "Subscription.channel.endpoint"])
    }

    @Test func somethingElseIsA400() throws {
        let error = try #require(expectRefusal { _ = try PASSubscriptionReader().read(Array(#"{"resourceType":"Patient"}"#.utf8)) })
        #expect(error.status == .badRequest)
        let notJSON = try #require(expectRefusal { _ = try PASSubscriptionReader().read(Array("{".utf8)) })
        #expect(notJSON.status == .badRequest)
    }
}
