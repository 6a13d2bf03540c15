import CaseStore
import FHIR

extension CaseQuantity {
    /// The quantity as a FHIR `Quantity` (SimpleQuantity): the value written exactly as stored,
    /// so "1.50" stays "1.50"; `nil` when the stored value is not a decimal.
    var fhirJSON: JSON? {
        guard let number = JSONNumber(literal: value) else { return nil }
        var json: JSON = ["value": .number(number)]
        if let unit { json["unit"] = .string(unit) }
        return json
    }
}

extension ServicePeriod {
    /// The period as a FHIR `Period` of dates; `nil` when neither end is known.
    var fhirJSON: JSON? {
        guard start != nil || end != nil else { return nil }
        var json: JSON = [:]
        if let start { json["start"] = .string(start) }
        if let end { json["end"] = .string(end) }
        return json
    }
}
