import FHIR

/// The codes an order asks for, wherever its type keeps them.
enum OrderCodes {
    static func codings(of order: JSON) -> [(system: String, code: String)] {
        let concepts: [JSON?] = [
            order["code"], order["codeCodeableConcept"], order["medicationCodeableConcept"], order["productCodeableConcept"],
            order["itemCodeableConcept"], order["serviceType"]?[0], order["type"]?[0],
        ]
        return concepts.compactMap { $0 }.flatMap { concept in
            (concept["coding"]?.array ?? []).compactMap { coding in
                guard let system = coding["system"]?.string, let code = coding["code"]?.string else { return nil }
                return (system, code)
            }
        }
    }
}
