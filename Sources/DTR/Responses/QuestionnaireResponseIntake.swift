import CaseStore
import FHIR
import Foundation
import Identifiers

/// `POST /QuestionnaireResponse`: a completed DTR response is checked against its form and
/// kept, filed under the CRD assertion it answers (its `coverage-information`'s
/// `coverage-assertion-id`) and that assertion's member, so PAS and the rules can use it.
public struct QuestionnaireResponseIntake: Sendable {
    let catalog: QuestionnaireCatalog
    let store: any CaseStore
    public let baseURL: String

    public init(catalog: QuestionnaireCatalog, store: any CaseStore, baseURL: String) {
        self.catalog = catalog
        self.store = store
        self.baseURL = baseURL
    }

    /// 201 with the stored resource (and its `Location`), or one OperationOutcome: 400 when the
    /// body is not a QuestionnaireResponse, 422 when it does not answer its form or names a CRD
    /// assertion the caller's organization did not get (``AssertionReader``).
    public func create(body: JSON, submitter: String, reader: AssertionReader, now: Date) async -> DTRAnswer {
        guard body.resourceType == "QuestionnaireResponse" else {
            return .badRequest(.structure, "POST /QuestionnaireResponse takes a QuestionnaireResponse.", at: body.resourceType ?? "QuestionnaireResponse")
        }
        guard let status = body["status"]?.string, ["completed", "amended"].contains(status) else {
            return .refusal(422, .error(
                .value, "Only completed (or amended) responses are kept; this one is \(body["status"]?.string ?? "without a status").",
                expression: ["QuestionnaireResponse.status"]))
        }
        let form: ResponseForm
        do {
            form = try ResponseForm.find(for: body, in: catalog)
        } catch {
            return .refusal(422, error)
        }
        let issues = QuestionnaireResponseValidator(questionnaire: form.questionnaire, mode: .complete).problems(in: body)
        guard issues.isEmpty else { return .refusal(422, OperationOutcome(issues: issues)) }

        let context = CoverageInformation.assertionID(on: body)
        let contextID = context?.id
        var memberID: String?
        if let context {
            let assertions: [CoverageAssertion]
            do {
                assertions = try await store.coverageAssertions(id: context.id, readBy: reader)
            } catch {
                return .refusal(503, .error(.transient, "The case store is unavailable; try again."))
            }
            guard let assertion = assertions.first else {
                return .refusal(422, .error(
                    .notFound, "No coverage assertion has the id \"\(context.id)\".", expression: ["QuestionnaireResponse.extension[\(context.index)]"]))
            }
            memberID = assertion.memberID
        }

        let id = RandomIdentifier.uuid()
        var resource = body
        resource["id"] = .string(id)
        var meta = body["meta"]?.object ?? [:]
        meta["versionId"] = "1"
        meta["lastUpdated"] = .string(FHIRInstant(now).description)
        resource["meta"] = .object(meta)
        resource = PackageBundleBuilder.movingMetaFirst(resource)
        let stored = StoredQuestionnaireResponse(
            id: id, questionnaire: form.published.versionedCanonical, contextID: contextID, memberID: memberID,
            patientReference: body["subject"]?["reference"]?.string, submitter: submitter, status: status,
            authored: body["authored"]?.string, resourceJSON: resource.serializedString(), receivedAt: now)
        do {
            try await store.storeQuestionnaireResponse(stored)
        } catch {
            return .refusal(503, .error(.transient, "The case store is unavailable; the response was not kept. Try again."))
        }
        return DTRAnswer(status: 201, body: resource)
    }

    /// A stored response the submitter may read.
    public func read(id: String, submitter: String) async throws -> JSON? {
        guard let stored = try await store.questionnaireResponse(id: id), stored.submitter == submitter else { return nil }
        return try JSON.parse(stored.resourceJSON)
    }

    /// The submitter's responses matching the search, as a searchset Bundle.
    public func search(_ query: QuestionnaireResponseQuery, queryItems: [URLQueryItem]) async throws -> JSON {
        let found = try await store.questionnaireResponses(query)
        let resources = try found.map { try JSON.parse($0.resourceJSON) }
        return FHIRBundle.searchset(
            baseURL: baseURL, resourceType: "QuestionnaireResponse", queryItems: queryItems, offset: 0, count: query.limit,
            total: resources.count < query.limit ? resources.count : nil, resources: resources
        ).json
    }
}
