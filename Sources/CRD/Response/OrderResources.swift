import FHIR
import Rules

/// The resources card suggestions carry: an order with another code, a new draft order, a
/// form-completion Task.
enum OrderResources {
    /// The element that holds what a request orders, for the request types whose one code can
    /// be swapped or set; `nil` for others (an Appointment's service types, a nutrition order).
    static func codeElement(of resourceType: String) -> String? {
        switch resourceType {
        case "ServiceRequest": "code"
        case "DeviceRequest": "codeCodeableConcept"
        case "MedicationRequest": "medicationCodeableConcept"
        default: nil
        }
    }

    /// `order` asking for `coding` instead, without our coverage answer about the old code.
    static func changing(_ order: JSON, to coding: RuleCoding, coverage: Reference) -> JSON? {
        guard let type = order.resourceType, let element = codeElement(of: type) else { return nil }
        var changed = OrderAnnotation.removing(coverage, from: order)
        if type == "DeviceRequest" { changed["codeReference"] = nil }
        if type == "MedicationRequest" { changed["medicationReference"] = nil }
        changed[element] = concept(coding)
        return changed
    }

    /// A draft request for `coding` beside `order`: same patient, encounter and requester.
    static func additional(_ addition: CoverageDecision.AdditionalOrder, beside order: JSON, today: String) -> JSON {
        let type = addition.resourceType.rawValue
        var resource = JSON.resource(type: type, [
            "status": "draft",
            "intent": "original-order",
        ])
        resource[codeElement(of: type) ?? "code"] = concept(addition.coding)
        resource["subject"] = order["subject"]
        resource["encounter"] = order["encounter"]
        resource["authoredOn"] = .string(today)
        resource["requester"] = order["requester"]
        return resource
    }

    /// A Task asking someone to fill in `questionnaire` for the patient, for the orders it
    /// documents (CRD "Request Form Completion", without DTR).
    static func formCompletionTask(questionnaire: String, title: String, subject: JSON?, orders: [String], today: String) -> JSON {
        var task = JSON.resource(type: "Task", [
            "status": "ready",
            "intent": "order",
            "code": ["coding": [["system": .string(CRDCodes.sdcTemp), "code": "complete-questionnaire"]]],
            "description": .string("Complete the \(title) form"),
        ])
        task["for"] = subject
        task["authoredOn"] = .string(today)
        if !orders.isEmpty { task["basedOn"] = .array(orders.map { ["reference": .string($0)] }) }
        task["input"] = [["type": ["text": "questionnaire"], "valueCanonical": .string(questionnaire)]]
        return task
    }

    private static func concept(_ coding: RuleCoding) -> JSON {
        var concept: JSON = ["coding": [Coding(system: coding.system, code: coding.code, display: coding.display).json]]
        if let display = coding.display { concept["text"] = .string(display) }
        return concept
    }
}
