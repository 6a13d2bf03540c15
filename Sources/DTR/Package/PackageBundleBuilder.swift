import CaseStore
import FHIR
import Foundation
import Identifiers

/// One `DTR-QPackageBundle`: the Questionnaire first (dtrb-1), then every Library it needs with
/// their dependencies, then every ValueSet those name, then a draft QuestionnaireResponse that
/// already carries the context (Coverage, orders, what CRD said).
struct PackageBundleBuilder: Sendable {
    let catalog: QuestionnaireCatalog
    /// The payer's FHIR base: entry `fullUrl`s, and where adaptive forms send `$next-question`.
    let baseURL: String

    struct Context: Sendable {
        var coverages: [JSON]
        var orders: [JSON]
        /// The CRD assertions of the request's context (their coverage-information goes on the draft).
        var assertions: [CoverageAssertion]
        var now: Date
    }

    func bundle(for questionnaire: DTRArtifact, context: Context) -> JSON {
        let libraries = libraryClosure(of: questionnaire)
        let valueSets = valueSets(of: questionnaire, libraries: libraries)
        let form = served(questionnaire)
        var resources = [form] + libraries.map(\.resource) + valueSets.map(\.resource)
        resources.append(draftResponse(for: questionnaire, form: form, context: context))
        let entries = resources.map { FHIRBundle.Entry(resource: $0, baseURL: baseURL) }
        var bundle = FHIRBundle.collection(
            id: RandomIdentifier.uuid(), timestamp: FHIRInstant(context.now), entries: entries
        ).json
        bundle["meta"] = ["profile": [.string(DTRVocabulary.Profile.packageBundle)]]
        return Self.movingMetaFirst(bundle)
    }

    /// The Questionnaire as served: an adaptive form's `questionnaireAdaptive` names this server.
    func served(_ questionnaire: DTRArtifact) -> JSON {
        guard questionnaire.isAdaptive else { return questionnaire.resource }
        var resource = questionnaire.resource
        resource["extension"] = .array((resource["extension"]?.array ?? []).map { element in
            guard element["url"]?.string == DTRVocabulary.questionnaireAdaptive else { return element }
            return ["url": .string(DTRVocabulary.questionnaireAdaptive), "valueUrl": .string(baseURL)]
        })
        return resource
    }

    /// The form's `cqf-library` Libraries, then what they depend on, each once.
    func libraryClosure(of questionnaire: DTRArtifact) -> [DTRArtifact] {
        var ordered: [DTRArtifact] = []
        var pending = ArtifactReferences.libraries(ofQuestionnaire: questionnaire.resource)
        while !pending.isEmpty {
            let canonical = pending.removeFirst()
            guard let library = catalog.library(canonical), !ordered.contains(library) else { continue }
            ordered.append(library)
            pending += ArtifactReferences.libraries(ofLibrary: library.resource)
        }
        return ordered
    }

    private func valueSets(of questionnaire: DTRArtifact, libraries: [DTRArtifact]) -> [DTRArtifact] {
        let canonicals = ArtifactReferences.valueSets(ofQuestionnaire: questionnaire.resource)
            + libraries.flatMap { ArtifactReferences.valueSets(ofLibrary: $0.resource) }
        var found: [DTRArtifact] = []
        for canonical in canonicals {
            if let valueSet = catalog.valueSet(canonical), !found.contains(valueSet) { found.append(valueSet) }
        }
        return found
    }

    /// A draft response the client resumes: `qr-context` for each Coverage and order, the
    /// coverage-information CRD gave, and for an adaptive form the empty contained Questionnaire
    /// that `$next-question` fills.
    func draftResponse(for questionnaire: DTRArtifact, form: JSON, context: Context) -> JSON {
        let assertions = context.assertions.filter { assertion in
            assertion.questionnaires.contains { Canonical($0).url == questionnaire.canonical.url }
        }
        // The orders the client sent, else those CRD saw (by context) for this form.
        var references = context.coverages.compactMap { $0.address?.relative }
        references += context.orders.isEmpty ? assertions.map(\.orderReference) : context.orders.compactMap { $0.address?.relative }
        var extensions: [JSON] = references.map { ["url": .string(DTRVocabulary.qrContext), "valueReference": ["reference": .string($0)]] }
        for assertion in assertions {
            if let information = try? JSON.parse(assertion.extensionJSON) { extensions.append(information) }
        }
        var elements: JSONObject = [
            "meta": ["profile": [.string(questionnaire.isAdaptive ? DTRVocabulary.Profile.adaptiveResponse : DTRVocabulary.Profile.questionnaireResponse)]],
        ]
        if questionnaire.isAdaptive {
            elements["contained"] = [AdaptiveForm.emptyContained(derivedFrom: questionnaire, served: form)]
        }
        if !extensions.isEmpty { elements["extension"] = .array(extensions) }
        elements["questionnaire"] = .string(questionnaire.isAdaptive ? "#\(AdaptiveForm.containedID)" : questionnaire.versionedCanonical)
        elements["status"] = "in-progress"
        if let subject = context.coverages.lazy.compactMap({ $0["beneficiary"] }).first { elements["subject"] = subject }
        elements["authored"] = .string(FHIRInstant(context.now).description)
        return .resource(type: "QuestionnaireResponse", id: RandomIdentifier.uuid(), elements)
    }

    /// `resourceType`, `id`, `meta` first, as FHIR JSON is usually read.
    static func movingMetaFirst(_ resource: JSON) -> JSON {
        guard var object = resource.object, let meta = object.removeValue(forKey: "meta") else { return resource }
        var ordered = JSONObject()
        for key in ["resourceType", "id"] { if let value = object.removeValue(forKey: key) { ordered[key] = value } }
        ordered["meta"] = meta
        for (key, value) in object { ordered[key] = value }
        return .object(ordered)
    }
}
