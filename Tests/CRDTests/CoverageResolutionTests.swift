import CaseStore
import FHIR
import Testing

@testable import CRD

/// Which Coverage and member a hook is answered for; CRD's line between 400s and 200 answers.
@Suite struct CoverageResolutionTests {
    static func order(_ patient: String) -> JSON {
        Orders.serviceRequest("bmp-9", code: "80053", display: "Comprehensive metabolic panel", patient: patient)
    }

    /// A copy of a demo Coverage with changes.
    static func coverage(_ id: String, _ change: (inout JSON) -> Void) -> JSON {
        var coverage = Demo.coverage(id)
        change(&coverage)
        return coverage
    }

    func expectNotCovered(_ decision: HookDecision, _ reason: String) throws {
        let information = decision.onlyExtension
        #expect(information.code("covered") == "not-covered")
        #expect(information.code("pa-needed") == nil)
        #expect(information.sub("reason").first?["text"]?.string == reason)
        let card = try #require(decision.response.cards.first)
        #expect(card.topic == .insurance && card.indicator == .warning)
    }

    func expectCoverageError(_ data: HookData, _ words: String, status: HookError.Status = .badRequest) async throws {
        let env = try await CRDEnvironment.get()
        do {
            _ = try await env.service.decide(data, clientID: "ehr-test", today: today, now: now)
            Issue.record("expected \(status.rawValue)")
        } catch {
            #expect(error.status == status)
            #expect(error.outcome.issues.count == 1)
            #expect(error.outcome.issues.first?.expression == ["prefetch.coverage"])
            #expect(error.outcome.issues.first?.diagnostics?.contains(words) == true, "\(error)")
        }
    }

    @Test func anUnknownMemberIsNotCovered() async throws {
        let env = try await CRDEnvironment.get()
        let stranger = Self.coverage("cov-010") { coverage in
            coverage["id"] = "cov-x"
            coverage["subscriberId"] = "UCH999999999"
            coverage["identifier"] = nil
        }
        let decision = try await env.decide(hookData(patient: "member-010", coverages: [stranger], orders: [Self.order("member-010")]))
        try expectNotCovered(decision, "Member Not Found")
        #expect(decision.response.cards.first?.sourceLabel == "UnitedCare Health")
        #expect(decision.assertions.first?.memberID == nil && decision.assertions.first?.payerID == "unitedcare")
        #expect(decision.ruleVersions.isEmpty)
    }

    @Test func noCoverageAtAllIsNoActiveCoverage() async throws {
        let env = try await CRDEnvironment.get()
        let decision = try await env.decide(hookData(patient: "member-010", coverages: [], orders: [Self.order("member-010")]))
        try expectNotCovered(decision, "No Active Coverage")
        #expect(decision.onlyExtension.sub("coverage").first?["reference"] == nil)
        #expect(decision.response.cards.first?.sourceLabel == "Greenlight", "no payer known: the service's own label")
    }

    @Test func onlyInactiveCoveragesAreNoActiveCoverage() async throws {
        let env = try await CRDEnvironment.get()
        let cancelled = Self.coverage("cov-010") { $0["status"] = "cancelled" }
        let decision = try await env.decide(hookData(patient: "member-010", coverages: [cancelled], orders: [Self.order("member-010")]))
        try expectNotCovered(decision, "No Active Coverage")
        #expect(decision.onlyExtension.sub("coverage").first?["reference"] == "Coverage/cov-010")
        // A Coverage whose period ended: KindCover's 2023–2025 coverage of member-001.
        let lapsed = try await env.decide(hookData(patient: "member-001", coverages: [Demo.coverage("cov-prev-001")], orders: [Self.order("member-001")]))
        try expectNotCovered(lapsed, "No Active Coverage")
        #expect(lapsed.response.cards.first?.sourceLabel == "KindCover Health", "the lapsed Coverage's payer answers")
    }

    /// The EHR thinks the Coverage is in force; the payer's record ended in June.
    @Test func aCoverageThePayerEndedIsNoActiveCoverage() async throws {
        let env = try await CRDEnvironment.get()
        let open = Self.coverage("cov-021") { $0["period"] = nil }
        let decision = try await env.decide(hookData(patient: "member-021", coverages: [open], orders: [Self.order("member-021")]))
        try expectNotCovered(decision, "No Active Coverage")
        #expect(decision.response.cards.first?.sourceLabel == "KindCover Health")
    }

    @Test func aPayerNamedOnlyByReferenceIsFoundThroughItsOrganization() async throws {
        let env = try await CRDEnvironment.get()
        let byReference = Self.coverage("cov-010") { $0["payor"] = [["reference": "Organization/unitedcare"]] }
        let decision = try await env.decide(hookData(
            patient: "member-010", coverages: [byReference], orders: [Self.order("member-010")],
            resources: [Demo.organization("unitedcare")]))
        #expect(decision.onlyExtension.code("covered") == "covered")
        #expect(decision.assertions.first?.memberID == "member-010")
    }

    /// Another payer's active Coverage beside ours is the EHR's search result, not an error.
    @Test func anotherPayersCoverageBesideOursIsIgnored() async throws {
        let env = try await CRDEnvironment.get()
        let foreign = Self.coverage("cov-010") { coverage in
            coverage["id"] = "cov-other"
            coverage["payor"] = [["identifier": ["system": "http://example.org/payer-id", "value": "ACME9"]]]
        }
        let decision = try await env.decide(hookData(patient: "member-010", coverages: [foreign, Demo.coverage("cov-010")], orders: [Self.order("member-010")]))
        #expect(decision.onlyExtension.sub("coverage").first?["reference"] == "Coverage/cov-010")
    }

    @Test func severalActiveCoveragesOfOurPayersAreRejected() async throws {
        let second = Self.coverage("cov-010") { $0["id"] = "cov-010b" }
        try await expectCoverageError(
            hookData(patient: "member-010", coverages: [Demo.coverage("cov-010"), second], orders: [Self.order("member-010")]),
            "several active Coverages")
    }

    @Test func aCoverageOfAPayerNotServedHereIsRejected() async throws {
        let foreign = Self.coverage("cov-010") { $0["payor"] = [["identifier": ["system": "http://example.org/payer-id", "value": "ACME9"]]] }
        try await expectCoverageError(
            hookData(patient: "member-010", coverages: [foreign], orders: [Self.order("member-010")]), "does not serve")
    }

    /// The identifier system counts when both sides state one.
    @Test func aPayerIdentifierInAnotherSystemIsNotOurs() async throws {
        let other = Self.coverage("cov-010") { $0["payor"] = [["identifier": ["system": "http://example.org/naic", "value": "UCH01"]]] }
        try await expectCoverageError(
            hookData(patient: "member-010", coverages: [other], orders: [Self.order("member-010")]), "does not serve")
    }

    @Test func aCoverageWithoutPayerIdentifierIsRejected() async throws {
        let anonymous = Self.coverage("cov-010") { $0["payor"] = [["display": "Some insurer"]] }
        try await expectCoverageError(
            hookData(patient: "member-010", coverages: [anonymous], orders: [Self.order("member-010")]), "names no payer identifier")
    }

    @Test func aCoverageThatCouldNotBeHadIsAPreconditionFailure() async throws {
        let log = [PrefetchLogEntry(key: "coverage", source: .unavailable, problem: "no fhirServer")]
        try await expectCoverageError(
            hookData(patient: "member-010", coverages: [], orders: [Self.order("member-010")], prefetchLog: log),
            "could not be fetched", status: .preconditionFailed)
    }
}
