import FHIR

/// `$questionnaire-package` input (`dtr-qpackage-input-parameters`), read leniently: the
/// parameter names of DTR 2.0.1, 2.1 and 2.2 (`changedsince`/`changedSince`), canonicals given
/// as canonical, uri or string.
public struct QuestionnairePackageRequest: Sendable {
    public var coverages: [JSON]
    public var orders: [JSON]
    public var questionnaires: [Canonical]
    /// The CRD `coverage-assertion-id` (or a PAS/CDex context id).
    public var context: String?
    public var changedSince: FHIRInstant?

    /// Order types DTR accepts (`order` parameter).
    static let orderTypes: Set<String> = [
        "DeviceRequest", "MedicationRequest", "ServiceRequest", "NutritionOrder", "Encounter", "Appointment",
        "CommunicationRequest", "SupplyRequest", "VisionPrescription",
    ]

    /// Reads the body, or the one OperationOutcome that says what is wrong with it.
    public static func read(_ body: JSON) throws(OperationOutcome) -> QuestionnairePackageRequest {
        guard let input = ParametersInput(body) else {
            throw .error(.structure, "$questionnaire-package takes a Parameters resource.", expression: ["Parameters"])
        }
        var request = QuestionnairePackageRequest(coverages: [], orders: [], questionnaires: [])
        for parameter in input.parameters {
            switch parameter.name {
            case "coverage":
                guard let coverage = parameter.json["resource"], coverage.resourceType == "Coverage" else {
                    throw .error(.structure, "The coverage parameter carries a Coverage resource.", expression: ["\(parameter.path).resource"])
                }
                request.coverages.append(coverage)
            case "order":
                guard let order = parameter.json["resource"], let type = order.resourceType, orderTypes.contains(type) else {
                    throw .error(
                        .structure, "The order parameter carries an order resource (\(orderTypes.sorted().joined(separator: ", "))).",
                        expression: ["\(parameter.path).resource"])
                }
                request.orders.append(order)
            case "questionnaire":
                guard let text = ["valueCanonical", "valueUri", "valueUrl", "valueString"].lazy.compactMap({ parameter.json[$0]?.string }).first,
                    !text.isEmpty
                else {
                    throw .error(.structure, "The questionnaire parameter carries a canonical URL.", expression: ["\(parameter.path).valueCanonical"])
                }
                request.questionnaires.append(Canonical(text))
            case "context":
                guard let text = ["valueString", "valueId", "valueCode"].lazy.compactMap({ parameter.json[$0]?.string }).first,
                    !text.isEmpty
                else {
                    throw .error(.structure, "The context parameter carries the coverage-assertion-id as a string.", expression: ["\(parameter.path).valueString"])
                }
                guard request.context == nil else {
                    throw .error(.structure, "Only one context may be given.", expression: ["\(parameter.path)"])
                }
                request.context = text
            case "changedsince", "changedSince":
                guard let text = (parameter.json["valueInstant"] ?? parameter.json["valueDateTime"])?.string,
                    let instant = FHIRInstant(text)
                else {
                    throw .error(.value, "changedsince is an instant with a time zone (2026-11-23T10:00:00Z).", expression: ["\(parameter.path).valueInstant"])
                }
                request.changedSince = instant
            default:
                // `referenced` (requester, performer, …) and names of later versions: not needed here.
                continue
            }
        }
        guard !request.coverages.isEmpty else {
            throw .error(.required, "At least one coverage is required.", expression: ["Parameters.parameter"])
        }
        guard !request.orders.isEmpty || !request.questionnaires.isEmpty || request.context != nil else {
            throw .error(.required, "dtr-1: give at least one order, questionnaire or context.", expression: ["Parameters.parameter"])
        }
        return request
    }
}
