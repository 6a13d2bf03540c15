import CaseStore
import FHIR
import Foundation

@testable import PAS

/// Cases, items and checks shared by the response tests.
enum PASResponseFixtures {
    /// 2026-05-28T20:26:40Z: the moment of answering.
    static let moment = Date(timeIntervalSince1970: 1_780_000_000)
    /// The day before: when decisions were made.
    static let decided = Date(timeIntervalSince1970: 1_779_913_600)
    static let baseURL = "https://greenlight.example/fhir"
    static let caseID = "GL-01JZ8Q4V6X7Y9A0B1C2D3E4F5G"
    static let authorizationNumber = "PA-2026-000123"

    static func detail(_ items: [CaseItem], authorizationNumber: String? = authorizationNumber) -> CaseDetail {
        let paCase = PACase(
            id: caseID, submitter: "client-1", requestIdentifier: RequestIdentifier(value: "A12345"),
            memberID: "12345678901", urgency: .expedited, receivedAt: decided.addingTimeInterval(-3600),
            dueAt: decided.addingTimeInterval(72 * 3600), status: CaseStatus.rollUp(items.map(\.reviewAction)),
            authorizationNumber: authorizationNumber, requestJSON: "{}")
        return CaseDetail(paCase: paCase, items: items)
    }

    static func item(
        _ sequence: Int, _ action: ReviewAction?, reasons: [String] = [], note: String? = nil,
        quantity: CaseQuantity? = nil, authorizedQuantity: CaseQuantity? = nil,
        authorizedPeriod: ServicePeriod? = nil, decidedBy: String? = "rules"
    ) -> CaseItem {
        CaseItem(
            caseID: caseID, sequence: sequence, service: ServiceCode(system: "https://codesystem.x12.org/005010/1365", code: "3"),
            quantity: quantity, servicePeriod: ServicePeriod(start: "2026-06-01", end: "2026-06-30"),
            status: ItemStatus(action), reviewAction: action, reasonCodes: reasons, note: note,
            authorizedQuantity: authorizedQuantity, authorizedPeriod: authorizedPeriod,
            decidedAt: action?.isFinalDecision == true ? decided : nil,
            decidedBy: action?.isFinalDecision == true ? decidedBy : nil)
    }

    static func referralRequest() throws -> JSON { try PASExamples.json("Bundle-ReferralAuthorizationBundleExample") }

    static func submitResponse(_ items: [CaseItem], version: PASVersion = .v2_2, request: JSON? = nil) throws -> JSON {
        try PASResponseBuilder(version: version, baseURL: baseURL)
            .response(to: request ?? referralRequest(), for: detail(items), at: moment)
    }
}

/// Reading answers back.
extension JSON {
    /// The first entry's resource (the ClaimResponse of a PAS response Bundle).
    var firstResource: JSON? { self["entry"]?[0]?["resource"] }

    /// The `extension-reviewAction` of the first adjudication of `item` (an item or addItem).
    var reviewAction: JSON? { self["adjudication"]?[0]?.extension(url: PASResponseURL.reviewAction) }

    /// A sub-extension's value by its url.
    func subValue(_ url: String, _ key: String) -> JSON? { self.extension(url: url)?[key] }
}

enum PASResponseChecks {
    /// The structure of an extension: each (nested) url with the `value[x]` key it carries, or
    /// `extension` for a complex one, as a set of paths. Two extensions with the same shape
    /// use the same urls and value types whatever their values.
    static func shape(of extensionJSON: JSON, prefix: String = "") -> Set<String> {
        let url = extensionJSON["url"]?.string ?? "?"
        let here = prefix.isEmpty ? url : prefix + " > " + url
        var paths: Set<String> = []
        for (key, _) in extensionJSON.object ?? [:] where key.hasPrefix("value") {
            paths.insert(here + " : " + key)
        }
        for child in extensionJSON["extension"]?.array ?? [] {
            paths.formUnion(shape(of: child, prefix: here))
        }
        return paths
    }

    /// Every `reference` string anywhere in `json`.
    static func references(in json: JSON) -> [String] {
        switch json {
        case .object(let object):
            var found: [String] = []
            for (key, value) in object {
                if key == "reference", let text = value.string { found.append(text) } else { found += references(in: value) }
            }
            return found
        case .array(let elements): return elements.flatMap(references(in:))
        default: return []
        }
    }

    /// The references in the first entry's resource that do not resolve inside `bundle`.
    static func unresolvedReferences(in bundle: JSON) throws -> [String] {
        let fhirBundle = try FHIRBundle(json: bundle)
        let first = fhirBundle.entries[0]
        return references(in: first.resource ?? [:]).filter { fhirBundle.resolve(reference: $0, from: first) == nil }
    }
}
