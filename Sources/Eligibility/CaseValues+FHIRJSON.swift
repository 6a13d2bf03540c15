import CaseStore
import FHIR

// The case store's values as FHIR JSON, for every module that answers or feeds rules with
// them (PAS responses, the member's prior-authorization history). CaseStore itself knows no FHIR.

extension StoredQuantity {
    /// The quantity as a FHIR `Quantity` (SimpleQuantity): the value written exactly as stored,
    /// so "1.50" stays "1.50"; `nil` when the stored value is not a decimal.
    public var fhirJSON: JSON? {
        guard let number = JSONNumber(literal: value) else { return nil }
        var json: JSON = ["value": .number(number)]
        if let unit { json["unit"] = .string(unit) }
        return json
    }
}

extension ServicePeriod {
    /// The period as a FHIR `Period` of dates; `nil` when neither end is known.
    public var fhirJSON: JSON? {
        guard start != nil || end != nil else { return nil }
        var json: JSON = [:]
        if let start { json["start"] = .string(start) }
        if let end { json["end"] = .string(end) }
        return json
    }
}
