import FHIR
import Rules

/// What an order asks for, as codes, per CRD request type: the first code a policy governs
/// decides the order. Billing options the EHR attached come last.
enum OrderCodes {
    static func codes(of order: JSON, data: HookData) -> [Coding] {
        var concepts: [JSON] = []
        switch order.resourceType {
        case "ServiceRequest":
            concepts = [order["code"]].compactMap { $0 }
        case "DeviceRequest":
            if let concept = order["codeCodeableConcept"] { concepts.append(concept) }
            if let device = data.resolve(element: order["codeReference"], in: order) {
                concepts += device.values(at: "type")
            }
        case "MedicationRequest":
            if let concept = order["medicationCodeableConcept"] { concepts.append(concept) }
            if let medication = data.resolve(element: order["medicationReference"], in: order) {
                concepts += medication.values(at: "code")
            }
        case "NutritionOrder":
            concepts = order.values(at: "oralDiet.type") + order.values(at: "supplement.type")
                + order.values(at: "enteralFormula.baseFormulaType") + order.values(at: "enteralFormula.additiveType")
        case "VisionPrescription":
            concepts = order.values(at: "lensSpecification.product")
        case "CommunicationRequest":
            concepts = order.values(at: "payload.contentCodeableConcept") + order.values(at: "category")
        case "Appointment":
            concepts = order.values(at: "serviceType")
            for basedOn in order.values(at: "basedOn") {
                if let request = data.resolve(element: basedOn, in: order), request.resourceType == "ServiceRequest" {
                    concepts += request.values(at: "code")
                }
            }
        default:
            concepts = order.values(at: "code")
        }
        var codes = concepts.flatMap { CodeableConcept(json: $0)?.codings ?? [] }
        codes += billingOptions(of: order)
        var seen: Set<String> = []
        return codes.filter { $0.code != nil && seen.insert("\($0.system ?? "")|\($0.code!)").inserted }
    }

    /// ICD-10-CM diagnoses of the order: `reasonCode`, and the codes of Conditions it names in
    /// `reasonReference` when the EHR sent them.
    static func reasonCodes(of order: JSON, data: HookData) -> [Coding] {
        var concepts = order.values(at: "reasonCode")
        for reference in order.values(at: "reasonReference") {
            if let condition = data.resolve(element: reference, in: order) { concepts += condition.values(at: "code") }
        }
        return RuleOrder.diagnoses(concepts.flatMap { CodeableConcept(json: $0)?.codings ?? [] })
    }

    /// Codes in CRD's billing-options extension (the codes the order may be billed under),
    /// read leniently: a Coding or CodeableConcept value at any depth.
    private static func billingOptions(of order: JSON) -> [Coding] {
        let options = (order["extension"]?.array ?? []).filter { $0["url"]?.string?.hasSuffix(CRDCodes.billingOptionsSuffix) ?? false }
        func codings(in element: JSON) -> [Coding] {
            var found: [Coding] = []
            if let coding = element["valueCoding"].flatMap(Coding.init(json:)) { found.append(coding) }
            if let concept = element["valueCodeableConcept"].flatMap(CodeableConcept.init(json:)) { found += concept.codings }
            for nested in element["extension"]?.array ?? [] { found += codings(in: nested) }
            return found
        }
        return options.flatMap(codings)
    }
}
