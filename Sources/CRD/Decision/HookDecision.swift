import CaseStore
import FHIR
import Foundation

/// What ``CoverageRequirementsService/decide(_:clientID:today:now:)`` answers: the response to
/// send, and what must be on disk before it is sent — the coverage assertions (one row per
/// order, found again by DTR and PAS through their `coverage-assertion-id`) and the versions of
/// the rules that ran, for the hook-call log.
public struct HookDecision: Sendable {
    public var response: HookResponse
    public var assertions: [CoverageAssertion]
    /// Policy id → version (SHA-256 of the file) of every policy that ran.
    public var ruleVersions: [String: String]
    /// Extensions the service had to replace because they broke a profile rule: an engine bug,
    /// logged; tests require none.
    public var violations: [CoverageInformation.Violation]

    public init(
        response: HookResponse, assertions: [CoverageAssertion] = [], ruleVersions: [String: String] = [:],
        violations: [CoverageInformation.Violation] = []
    ) {
        self.response = response
        self.assertions = assertions
        self.ruleVersions = ruleVersions
        self.violations = violations
    }

    /// The distinct `coverage-assertion-id`s the response carries.
    public var assertionIDs: [String] {
        var seen: Set<String> = []
        return assertions.map(\.id).filter { seen.insert($0).inserted }
    }

    /// ``ruleVersions`` as the hook-call log keeps them (a JSON object, keys sorted).
    public var ruleVersionsJSON: String {
        JSON.object(JSONObject(uniqueMembers: ruleVersions.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))
            .serializedString()
    }

    /// The log entry for this answer (status 200): what the HTTP layer records, with the
    /// assertions, before it answers. `requestJSON` is the body as received when the caller has
    /// it (what the EHR sent, without a second serialization); else the parsed request.
    /// `responseJSON` likewise is the response as sent, when the caller serialized it already.
    public func hookCall(
        for data: HookData, clientID: String, receivedAt: Date, durationMilliseconds: Int, requestJSON: String? = nil,
        responseJSON: String? = nil
    ) -> HookCall {
        let request = data.request
        return HookCall(
            hookInstance: request.hookInstance, hook: request.hook.rawValue, serviceID: request.hook.serviceID,
            clientID: clientID, patientID: request.context["patientId"]?.string, receivedAt: receivedAt,
            durationMilliseconds: durationMilliseconds, status: 200, prefetchJSON: Self.prefetchJSON(data.prefetchLog),
            ruleVersionsJSON: ruleVersionsJSON, assertionIDs: assertionIDs, requestJSON: requestJSON ?? request.json.serializedString(),
            responseJSON: responseJSON ?? response.json.serializedString())
    }

    static func prefetchJSON(_ log: [PrefetchLogEntry]) -> String {
        JSON.array(log.map(\.json)).serializedString()
    }
}
