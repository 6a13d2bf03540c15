import CaseStore
import FHIR

/// Where the rules' `answers` come from (Rules/README.md): the QuestionnaireResponses in the
/// PAS Bundle and those the DTR server already keeps for the items' CRD assertions.
///
/// - The Bundle's answers count for every item (as they always have) and win over stored
///   ones for the same `linkId`: they are what the provider sends with this request.
/// - A stored response counts only for the items whose order names its assertion
///   (`coverage-assertion-id`): answers belong to the form CRD asked for that order.
///   Among stored responses the newest (as received) wins for a `linkId`.
/// - Only responses about this request's member, sent by this request's submitter: the DTR
///   client and the PAS submitter are the same provider organization, and one organization's
///   documentation never decides another's case (as it is never shown to it either).
struct DTRAnswerSources: Sendable {
    /// A stored response with its answers read.
    struct Stored: Sendable {
        var id: String
        var contextID: String
        var answers: JSONObject
    }

    /// The answers one item's rules see, and the stored responses that supplied at least one of
    /// them (recorded with the decision, so a reviewer or a dispute can trace them).
    struct ItemAnswers: Sendable, Equatable {
        var answers: JSONObject
        var storedResponseIDs: [String]
    }

    private let bundleAnswers: JSONObject
    /// Newest first.
    private let stored: [Stored]

    init(request: PASRequest, stored: [StoredQuestionnaireResponse]) {
        var answers = JSONObject()
        for response in request.questionnaireResponses {
            for (linkId, value) in response.questionnaireAnswers { answers[linkId] = value }
        }
        bundleAnswers = answers
        // A row that cannot be read back (it was checked on the way in) adds nothing.
        self.stored = stored.compactMap { response in
            guard let contextID = response.contextID, let resource = try? JSON.parse(response.resourceJSON) else { return nil }
            return Stored(id: response.id, contextID: contextID, answers: resource.questionnaireAnswers)
        }
    }

    /// The sources for `request` from `submitter` about our member `memberID`.
    static func load(
        for request: PASRequest, memberID: String, submitter: String, store: any QuestionnaireResponseStore
    ) async throws -> DTRAnswerSources {
        let stored = try await store.questionnaireResponses(
            contextIDs: request.coverageAssertionIDs, memberID: memberID, submitter: submitter)
        return DTRAnswerSources(request: request, stored: stored)
    }

    func answers(for item: PASRequestItem) -> ItemAnswers {
        var answers = bundleAnswers
        var used: [String] = []
        for response in stored where item.coverageAssertionIDs.contains(response.contextID) {
            var supplied = false
            for (linkId, value) in response.answers where answers[linkId] == nil {
                answers[linkId] = value
                supplied = true
            }
            if supplied { used.append(response.id) }
        }
        return ItemAnswers(answers: answers, storedResponseIDs: used)
    }
}
