/// The part of the FHIR R4 (4.0.1) model the translator knows: the elements the shipped CQL
/// reads and their neighbours, with cardinality and type as in the FHIR ModelInfo the reference
/// translator loads. Cardinality decides the ELM: a property of a list-valued element is read
/// per item (a `$this` query), and a list-valued property of a list is flattened.
///
/// This is deliberately a small table, not the whole model: an element missing here is reported
/// as unknown (with its line and column), and is added here when CQL needs it.
enum FHIRModel {
    struct Element: Sendable {
        var type: DataType
        var isList: Bool

        /// The element's CQL type: `List<T>` when it repeats.
        var dataType: DataType { isList ? .list(type) : type }
    }

    private static func one(_ type: String) -> Element { Element(type: .fhir(type), isList: false) }
    private static func many(_ type: String) -> Element { Element(type: .fhir(type), isList: true) }
    private static func choice(_ types: String...) -> Element { Element(type: .choice(types.map { .fhir($0) }), isList: false) }

    /// FHIR primitive types (and the code types ModelInfo binds to value sets) with the System
    /// type of their `value`: without FHIRHelpers, CQL reads a primitive through `.value`.
    static let primitives: [String: DataType] = {
        var table: [String: DataType] = [
            "boolean": .boolean, "integer": .integer, "positiveInt": .integer, "unsignedInt": .integer,
            "decimal": .decimal, "date": .date, "dateTime": .dateTime, "instant": .dateTime, "time": .time,
        ]
        for name in ["string", "code", "id", "uri", "url", "canonical", "markdown", "oid", "uuid", "base64Binary", "xhtml"] {
            table[name] = .string
        }
        for name in codeTypes { table[name] = .string }
        return table
    }()

    /// ModelInfo's named code types (`Observation.status` is `FHIR.ObservationStatus`, not `FHIR.code`).
    static let codeTypes = [
        "ObservationStatus", "NameUse", "AdministrativeGender", "QuantityComparator", "ProcedureStatus",
        "ServiceRequestStatus", "ServiceRequestIntent", "RequestStatus", "RequestIntent", "MedicationRequestStatus",
        "MedicationRequestIntent", "EncounterStatus", "FinancialResourceStatusCodes", "ContactPointSystem", "ContactPointUse",
        "AddressUse", "IdentifierUse",
    ]

    /// Elements of the complex types and resources.
    static let elements: [String: [String: Element]] = [
        "Element": ["id": Element(type: .string, isList: false), "extension": many("Extension")],
        "Extension": ["url": Element(type: .string, isList: false), "value": choice("string", "boolean", "integer", "decimal", "code", "dateTime", "date", "Coding", "CodeableConcept", "Quantity", "Reference", "Period")],
        "Coding": ["system": one("uri"), "version": one("string"), "code": one("code"), "display": one("string"), "userSelected": one("boolean")],
        "CodeableConcept": ["coding": many("Coding"), "text": one("string")],
        "Quantity": ["value": one("decimal"), "comparator": one("QuantityComparator"), "unit": one("string"), "system": one("uri"), "code": one("code")],
        "Age": ["value": one("decimal"), "comparator": one("QuantityComparator"), "unit": one("string"), "system": one("uri"), "code": one("code")],
        "Range": ["low": one("Quantity"), "high": one("Quantity")],
        "Ratio": ["numerator": one("Quantity"), "denominator": one("Quantity")],
        "Period": ["start": one("dateTime"), "end": one("dateTime")],
        "Timing": ["event": many("dateTime"), "code": one("CodeableConcept")],
        "Reference": ["reference": one("string"), "type": one("uri"), "identifier": one("Identifier"), "display": one("string")],
        "Identifier": ["use": one("IdentifierUse"), "type": one("CodeableConcept"), "system": one("uri"), "value": one("string")],
        "HumanName": ["use": one("NameUse"), "text": one("string"), "family": one("string"), "given": many("string"), "prefix": many("string"), "suffix": many("string"), "period": one("Period")],
        "ContactPoint": ["system": one("ContactPointSystem"), "value": one("string"), "use": one("ContactPointUse")],
        "Address": ["use": one("AddressUse"), "line": many("string"), "city": one("string"), "state": one("string"), "postalCode": one("string"), "country": one("string")],
        "Annotation": ["text": one("markdown"), "time": one("dateTime")],
        "Patient": resource([
            "identifier": many("Identifier"), "active": one("boolean"), "name": many("HumanName"), "telecom": many("ContactPoint"),
            "gender": one("AdministrativeGender"), "birthDate": one("date"), "deceased": choice("boolean", "dateTime"), "address": many("Address"),
        ]),
        "Observation": resource([
            "identifier": many("Identifier"), "status": one("ObservationStatus"), "category": many("CodeableConcept"), "code": one("CodeableConcept"),
            "subject": one("Reference"), "encounter": one("Reference"), "effective": choice("dateTime", "Period", "Timing", "instant"),
            "issued": one("instant"), "value": choice("Quantity", "CodeableConcept", "string", "boolean", "integer", "Range", "Ratio", "SampledData", "time", "dateTime", "Period"),
            "interpretation": many("CodeableConcept"), "note": many("Annotation"), "bodySite": one("CodeableConcept"), "method": one("CodeableConcept"),
        ]),
        "Condition": resource([
            "identifier": many("Identifier"), "clinicalStatus": one("CodeableConcept"), "verificationStatus": one("CodeableConcept"),
            "category": many("CodeableConcept"), "severity": one("CodeableConcept"), "code": one("CodeableConcept"), "bodySite": many("CodeableConcept"),
            "subject": one("Reference"), "encounter": one("Reference"), "onset": choice("dateTime", "Age", "Period", "Range", "string"),
            "abatement": choice("dateTime", "Age", "Period", "Range", "string"), "recordedDate": one("dateTime"), "note": many("Annotation"),
        ]),
        "Procedure": resource([
            "identifier": many("Identifier"), "status": one("ProcedureStatus"), "category": one("CodeableConcept"), "code": one("CodeableConcept"),
            "subject": one("Reference"), "performed": choice("dateTime", "Period", "string", "Age", "Range"), "reasonCode": many("CodeableConcept"),
            "bodySite": many("CodeableConcept"),
        ]),
        "ServiceRequest": resource([
            "identifier": many("Identifier"), "status": one("ServiceRequestStatus"), "intent": one("ServiceRequestIntent"), "code": one("CodeableConcept"),
            "subject": one("Reference"), "authoredOn": one("dateTime"), "reasonCode": many("CodeableConcept"), "bodySite": many("CodeableConcept"),
        ]),
        "DeviceRequest": resource([
            "identifier": many("Identifier"), "status": one("RequestStatus"), "intent": one("RequestIntent"), "code": choice("Reference", "CodeableConcept"),
            "subject": one("Reference"), "authoredOn": one("dateTime"), "reasonCode": many("CodeableConcept"),
        ]),
        "MedicationRequest": resource([
            "identifier": many("Identifier"), "status": one("MedicationRequestStatus"), "intent": one("MedicationRequestIntent"),
            "medication": choice("CodeableConcept", "Reference"), "subject": one("Reference"), "authoredOn": one("dateTime"), "reasonCode": many("CodeableConcept"),
        ]),
        "Encounter": resource([
            "identifier": many("Identifier"), "status": one("EncounterStatus"), "class": one("Coding"), "type": many("CodeableConcept"),
            "subject": one("Reference"), "period": one("Period"), "reasonCode": many("CodeableConcept"),
        ]),
        "Coverage": resource([
            "identifier": many("Identifier"), "status": one("FinancialResourceStatusCodes"), "type": one("CodeableConcept"), "subscriberId": one("string"),
            "beneficiary": one("Reference"), "payor": many("Reference"), "period": one("Period"),
        ]),
    ]

    /// What every resource has, merged into each resource's own elements.
    private static func resource(_ own: [String: Element]) -> [String: Element] {
        own.merging(["id": one("id"), "meta": one("Meta"), "extension": many("Extension")]) { mine, _ in mine }
    }

    static let resourceTypes: Set<String> = ["Patient", "Observation", "Condition", "Procedure", "ServiceRequest", "DeviceRequest", "MedicationRequest", "Encounter", "Coverage"]

    /// The code path a retrieve with a terminology filter uses when none is named (ModelInfo's `primaryCodePath`).
    static let primaryCodePath: [String: String] = [
        "Observation": "code", "Condition": "code", "Procedure": "code", "ServiceRequest": "code", "DeviceRequest": "code",
        "MedicationRequest": "medication", "Encounter": "type", "Coverage": "type",
    ]

    /// Subtypes the translator accepts where their base type is expected.
    static let baseType: [String: String] = {
        var table = ["Age": "Quantity", "SimpleQuantity": "Quantity", "DomainResource": "Resource"]
        for resource in resourceTypes { table[resource] = "DomainResource" }
        return table
    }()

    /// Every FHIR type name CQL may use here (in type specifiers, `as`, retrieves).
    static let knownTypes: Set<String> = Set(primitives.keys).union(elements.keys).union(["Resource", "DomainResource", "Meta", "SampledData", "SimpleQuantity"])

    /// The type of `name` on a value of FHIR type `type`; `nil` when the table does not know it.
    static func element(_ name: String, of type: String) -> Element? {
        if let valueType = primitives[type] {
            if name == "value" { return Element(type: valueType, isList: false) }
            return elements["Element"]?[name]
        }
        return elements[type]?[name] ?? elements["Element"]?[name]
    }
}
