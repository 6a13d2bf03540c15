import FHIR

/// The `order` table of a rule input (Rules/README.md): what is asked for, its amount and dates
/// and the diagnoses behind it, with the FHIR resource for the rare rule that needs more. CRD
/// reads it from the order an EHR signs; PAS from a claim item and the order it names, so a
/// policy reads `req.order.reason_codes` alike in `coverage` and `adjudicate`.
public struct RuleOrder: Sendable, Hashable {
    /// `ServiceRequest`, `DeviceRequest`, … (`Claim` for a claim item that names no order).
    public var resourceType: String
    public var codes: [Coding]
    /// `{value, unit}`, when stated.
    public var quantity: JSON?
    /// `{start, end}`, when stated.
    public var period: JSON?
    /// ICD-10-CM diagnoses (``diagnoses(_:)``).
    public var reasonCodes: [Coding]
    /// The FHIR resource, built for a policy only when it reads it.
    public var resource: JSON?

    public init(
        resourceType: String, codes: [Coding], quantity: JSON? = nil, period: JSON? = nil, reasonCodes: [Coding] = [],
        resource: JSON? = nil
    ) {
        self.resourceType = resourceType
        self.codes = codes
        self.quantity = quantity
        self.period = period
        self.reasonCodes = reasonCodes
        self.resource = resource
    }

    public var json: JSON {
        var object: JSONObject = [
            "resource_type": .string(resourceType),
            "codes": .array(codes.map(Self.coding)),
        ]
        if let quantity { object["quantity"] = quantity }
        if let period { object["period"] = period }
        object["reason_codes"] = .array(reasonCodes.map(Self.coding))
        if let resource { object["resource"] = resource }
        return .object(object)
    }

    /// A coding as rule inputs hold one: `{system, code, display}`, absent parts left out.
    public static func coding(_ coding: Coding) -> JSON {
        RuleCoding.json(system: coding.system, code: coding.code, display: coding.display)
    }

    /// The systems a diagnosis is coded in for rules: ICD-10-CM, by its URL or its OID.
    public static let diagnosisSystems: Set<String> = ["http://hl7.org/fhir/sid/icd-10-cm", "urn:oid:2.16.840.1.113883.6.90"]

    /// The ICD-10-CM codings among `codings` (with a code), each once, in order.
    public static func diagnoses(_ codings: [Coding]) -> [Coding] {
        var seen: Set<String> = []
        return codings.filter { coding in
            guard let system = coding.system, let code = coding.code, diagnosisSystems.contains(system) else { return false }
            return seen.insert("\(system)|\(code)").inserted
        }
    }
}
