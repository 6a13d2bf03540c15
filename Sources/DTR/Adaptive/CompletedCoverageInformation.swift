import CaseStore
import FHIR

/// The `coverage-information` a completed adaptive response carries (DTR 3.2: the server MAY
/// add it when the form is done, and only when CRD already ran): the CRD assertion the response
/// names, restated now that its documentation is complete.
///
/// What CRD said about coverage, prior authorization, where documentation goes (`doc-purpose`),
/// what else is needed, its reasons and details stands as CRD said it; `doc-needed` and the
/// `questionnaire`s are dropped, since the documentation they asked for is what the response
/// now holds (which keeps q1–q7 true: only requirements are removed); the `date` is today's.
/// The assertion id stays, so PAS finds the same thread.
enum CompletedCoverageInformation {
    /// The restated extensions for the assertion the response names, one per distinct order
    /// answer that asked for this form (all of the assertion's, when none named it). Empty
    /// when the response names no assertion, the store does not know it, it has expired, or it
    /// is another organization's (``AssertionReader``).
    static func restated(
        for response: JSON, form: String, today: String, store: any CaseStore, reader: AssertionReader
    ) async throws -> [CoverageInformation] {
        guard let named = CoverageInformation.assertionID(on: response) else { return [] }
        let rows = try await store.coverageAssertions(id: named.id, readBy: reader)
            .filter { assertion in assertion.expiresOn.map { $0 >= today } ?? true }
        let forThisForm = rows.filter { $0.questionnaires.contains { Canonical($0).url == form } }
        var restated: [CoverageInformation] = []
        for row in forThisForm.isEmpty ? rows : forThisForm {
            guard let said = (try? JSON.parse(row.extensionJSON)).flatMap(CoverageInformation.init(json:)) else { continue }
            let now = completed(said, today: today)
            if now.violations.isEmpty, !restated.contains(now) { restated.append(now) }
        }
        return restated
    }

    static func completed(_ information: CoverageInformation, today: String) -> CoverageInformation {
        var now = information
        now.docNeeded = []
        now.questionnaires = []
        now.date = today
        return now
    }

    /// The response with `restated` in place of the coverage-information extensions it carried
    /// for the same assertions (others, and every other extension, are kept as sent).
    static func replacing(_ restated: [CoverageInformation], in response: JSON) -> JSON {
        guard !restated.isEmpty else { return response }
        let ids = Set(restated.map(\.assertionID))
        var result = response
        let kept = (response["extension"]?.array ?? []).filter { element in
            guard element["url"]?.string == CoverageInformation.url else { return true }
            return !ids.contains(element.subExtensionCode("coverage-assertion-id") ?? "")
        }
        result["extension"] = .array(kept + restated.map(\.json))
        return result
    }
}
