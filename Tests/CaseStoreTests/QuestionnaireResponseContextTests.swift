import Foundation
import Testing

@testable import CaseStore

/// `questionnaireResponses(contextIDs:memberID:submitter:)`: the responses PAS may use for one
/// submitter's request about one member.
@Suite struct QuestionnaireResponseContextTests {
    static func response(
        _ id: String, context: String?, member: String? = "M1001", submitter: String = "npi:1", status: String = "completed",
        receivedAt: Date
    ) -> StoredQuestionnaireResponse {
        StoredQuestionnaireResponse(
            id: id, questionnaire: "http://q/cpap|1", contextID: context, memberID: member, patientReference: "Patient/M1001",
            submitter: submitter, status: status, resourceJSON: #"{"resourceType":"QuestionnaireResponse"}"#, receivedAt: receivedAt)
    }

    static func store() async throws -> TestStore {
        let test = try TestStore()
        try await test.store.upsertPayer(Fixtures.payer)
        try await test.store.upsertMember(Fixtures.member)
        try await test.store.upsertMember(Member(id: "M2002", payerID: "payer-1", patientJSON: "{}"))
        return test
    }

    @Test func findsTheMembersResponsesUnderTheContextsNewestFirst() async throws {
        let test = try await Self.store()
        defer { test.removeFiles() }
        let start = Dates.mondayMorning
        for response in [
            Self.response("old", context: "ctx-1", receivedAt: start),
            Self.response("new", context: "ctx-2", receivedAt: start.addingTimeInterval(60)),
            Self.response("other-context", context: "ctx-3", receivedAt: start),
            Self.response("no-context", context: nil, receivedAt: start),
            Self.response("other-member", context: "ctx-1", member: "M2002", receivedAt: start),
            Self.response("no-member", context: "ctx-1", member: nil, receivedAt: start),
            Self.response("other-submitter", context: "ctx-1", submitter: "npi:2", receivedAt: start),
            Self.response("in-progress", context: "ctx-1", status: "in-progress", receivedAt: start),
            Self.response("amended", context: "ctx-1", status: "amended", receivedAt: start.addingTimeInterval(30)),
        ] {
            try await test.store.storeQuestionnaireResponse(response)
        }
        let found = try await test.store.questionnaireResponses(contextIDs: ["ctx-1", "ctx-2"], memberID: "M1001", submitter: "npi:1")
        #expect(found.map(\.id) == ["new", "amended", "old"])
        #expect(try await test.store.questionnaireResponses(contextIDs: [], memberID: "M1001", submitter: "npi:1").isEmpty)
        #expect(try await test.store.questionnaireResponses(contextIDs: ["ctx-1"], memberID: "M2002", submitter: "npi:1").map(\.id) == ["other-member"])
    }

    /// Two responses received in the same instant come back in the order they were stored.
    @Test func sameInstantIsOrderedByArrival() async throws {
        let test = try await Self.store()
        defer { test.removeFiles() }
        for id in ["first", "second"] {
            try await test.store.storeQuestionnaireResponse(Self.response(id, context: "ctx-1", receivedAt: Dates.mondayMorning))
        }
        let found = try await test.store.questionnaireResponses(contextIDs: ["ctx-1"], memberID: "M1001", submitter: "npi:1")
        #expect(found.map(\.id) == ["second", "first"])
    }
}
