import CaseStore
import FHIR
import Foundation
import Logging
import Rules

/// `Questionnaire/$questionnaire-package`: the forms a DTR client must fill for a coverage and
/// its orders (or a CRD context), one package Bundle per form, warnings in `outcome`.
public struct QuestionnairePackageService: Sendable {
    let catalog: QuestionnaireCatalog
    let resolver: QuestionnaireResolver
    let builder: PackageBundleBuilder
    let timeZone: TimeZone

    public init(catalog: QuestionnaireCatalog, store: any CaseStore, rules: RuleEngine?, baseURL: String, timeZone: TimeZone) {
        self.catalog = catalog
        self.resolver = QuestionnaireResolver(catalog: catalog, store: store, rules: rules)
        self.builder = PackageBundleBuilder(catalog: catalog, baseURL: baseURL)
        self.timeZone = timeZone
    }

    /// - Parameter reader: the caller, who may use only its own organization's CRD context.
    public func package(body: JSON, reader: AssertionReader, now: Date) async -> DTRAnswer {
        let request: QuestionnairePackageRequest
        do {
            request = try QuestionnairePackageRequest.read(body)
        } catch {
            return .refusal(400, error)
        }
        let today = FHIRDate(now, timeZone: timeZone).description
        var selection: QuestionnaireSelection
        do {
            selection = try await resolver.resolve(request, reader: reader, today: today)
        } catch {
            return .refusal(503, .error(.transient, "The case store cannot be read now; try again."))
        }
        if selection.questionnaires.isEmpty, selection.warnings.isEmpty {
            selection.warn(.notFound, "No questionnaire applies to this request.")
        }
        let context = PackageBundleBuilder.Context(
            coverages: request.coverages, orders: request.orders, assertions: selection.assertions, now: now)
        var parameters: [JSON] = []
        for questionnaire in selection.questionnaires {
            if let since = request.changedSince, !PackageChanges.changed(questionnaire, libraries: builder.libraryClosure(of: questionnaire), since: since) {
                continue
            }
            parameters.append(["name": "PackageBundle", "resource": builder.bundle(for: questionnaire, context: context)])
        }
        if !selection.warnings.isEmpty {
            parameters.append(["name": "outcome", "resource": OperationOutcome(issues: selection.warnings).json])
        }
        return DTRAnswer(status: 200, body: .resource(type: "Parameters", [
            "meta": ["profile": [.string(DTRVocabulary.Profile.outputParameters)]],
            "parameter": .array(parameters),
        ]))
    }
}

/// `changedsince`: a form is sent again only when it or one of its Libraries changed that day or
/// later (`date` has day precision in the shipped forms, so the same day counts as changed).
enum PackageChanges {
    static func changed(_ questionnaire: DTRArtifact, libraries: [DTRArtifact], since: FHIRInstant) -> Bool {
        let sinceDay = String(since.description.prefix(10))
        return ([questionnaire] + libraries).contains { artifact in
            guard let date = artifact.resource["date"]?.string else { return true }
            return String(date.prefix(10)) >= sinceDay
        }
    }
}
