/// Checks a resource against the rules of FHIR R4's JSON representation, naming each problem
/// by FHIRPath (`Claim.item[0].productOrService`).
///
/// This is the layer below profile validation: what every FHIR JSON resource must satisfy
/// whatever its profile — a known `resourceType`, a well-formed `id`, no `null` outside arrays,
/// no empty strings, objects or arrays, well-formed dates where the element is a date, and
/// `value[x]` / `answer[x]` choices that are what their name says (``ChoicePrimitive``).
/// Contained resources, Bundle entries and `Parameters` resources are checked recursively.
public struct StructureValidator: Sendable {
    public init() {}

    public func validate(_ resource: JSON, expectedType: String? = nil) -> [OperationOutcome.Issue] {
        var issues: [OperationOutcome.Issue] = []
        validateResource(resource, path: nil, expectedType: expectedType, issues: &issues, insideContained: false)
        return issues
    }

    private func validateResource(
        _ resource: JSON,
        path: String?,
        expectedType: String?,
        issues: inout [OperationOutcome.Issue],
        insideContained: Bool
    ) {
        let location = path ?? (expectedType ?? "Resource")
        guard case .object(let object) = resource else {
            issues.append(error(.structure, "A resource must be a JSON object.", at: location))
            return
        }
        guard let typeValue = object["resourceType"] else {
            issues.append(error(.required, "The resource has no resourceType.", at: location))
            return
        }
        guard let type = typeValue.string, FHIRResourceType.isKnown(type) else {
            issues.append(
                error(.invalid, "resourceType \(typeValue.serializedString()) is not a FHIR R4 resource type.", at: location))
            return
        }
        if let expectedType, type != expectedType {
            issues.append(error(.invalid, "Expected a \(expectedType) but the resourceType is \(type).", at: location))
        }
        let root = path ?? type
        if let id = object["id"] {
            if let string = id.string {
                if !ResourceAddress.isValidID(string) {
                    issues.append(
                        error(
                            .value, "id \"\(string)\" is not a valid FHIR id (1-64 of A-Z a-z 0-9 - .).",
                            at: "\(root).id"))
                }
            } else {
                issues.append(error(.structure, "id must be a string.", at: "\(root).id"))
            }
        }
        for (key, value) in object where key != "resourceType" {
            validateElement(
                value, name: key, path: "\(root).\(key)", resourceType: type, parentName: nil, issues: &issues,
                insideContained: insideContained)
        }
    }

    private func validateElement(
        _ value: JSON,
        name: String,
        path: String,
        resourceType: String,
        parentName: String?,
        issues: inout [OperationOutcome.Issue],
        insideContained: Bool
    ) {
        if let type = ChoicePrimitive(elementName: name), !value.isNull, value.array == nil,
            let problem = type.problem(with: value)
        {
            issues.append(error(.value, "\(name) \(problem).", at: path))
            return
        }
        switch value {
        case .null:
            issues.append(error(.structure, "null is not allowed here; omit the element instead.", at: path))
        case .string(let string):
            if string.isEmpty {
                issues.append(error(.structure, "An empty string is not allowed; omit the element instead.", at: path))
            } else {
                checkDate(string, name: name, parentName: parentName, resourceType: resourceType, path: path, issues: &issues)
            }
        case .array(let elements):
            if elements.isEmpty {
                issues.append(error(.structure, "An empty array is not allowed; omit the element instead.", at: path))
            }
            let isPrimitiveExtensionArray = name.hasPrefix("_")
            for (index, element) in elements.enumerated() {
                let elementPath = "\(path)[\(index)]"
                if case .null = element {
                    // null keeps primitive arrays and their `_name` companions aligned; alone it is meaningless.
                    if !isPrimitiveExtensionArray && !elements.contains(where: { !$0.isNull }) {
                        issues.append(error(.structure, "An array of only nulls is not allowed.", at: elementPath))
                    }
                    continue
                }
                validateNested(
                    element, name: name, path: elementPath, resourceType: resourceType, parentName: parentName,
                    issues: &issues, insideContained: insideContained)
            }
        default:
            validateNested(
                value, name: name, path: path, resourceType: resourceType, parentName: parentName, issues: &issues,
                insideContained: insideContained)
        }
    }

    private func validateNested(
        _ value: JSON,
        name: String,
        path: String,
        resourceType: String,
        parentName: String?,
        issues: inout [OperationOutcome.Issue],
        insideContained: Bool
    ) {
        guard case .object(let object) = value else {
            if case .string = value {
                validateElement(
                    value, name: name, path: path, resourceType: resourceType, parentName: parentName, issues: &issues,
                    insideContained: insideContained)
            }
            return
        }
        if object.count == 0 {
            issues.append(error(.structure, "An empty object is not allowed; omit the element instead.", at: path))
            return
        }
        // Elements that hold whole resources.
        if name == "contained" {
            if insideContained {
                issues.append(error(.structure, "A contained resource must not contain further resources.", at: path))
            }
            validateResource(value, path: path, expectedType: nil, issues: &issues, insideContained: true)
            return
        }
        let holdsResource =
            (name == "resource" && (resourceType == "Bundle" || resourceType == "Parameters"))
            || ((name == "resource" || name == "outcome") && object["resourceType"] != nil)
        if holdsResource {
            validateResource(value, path: path, expectedType: nil, issues: &issues, insideContained: insideContained)
            return
        }
        for (key, child) in object {
            validateElement(
                child, name: key, path: "\(path).\(key)", resourceType: resourceType, parentName: name, issues: &issues,
                insideContained: insideContained)
        }
    }

    /// Date-valued elements whose names say what they are, checked against the FHIR date grammar.
    private func checkDate(
        _ string: String,
        name: String,
        parentName: String?,
        resourceType: String,
        path: String,
        issues: inout [OperationOutcome.Issue]
    ) {
        switch (parentName, name) {
        case ("meta", "lastUpdated"),
            (nil, "timestamp") where resourceType == "Bundle":
            if FHIRInstant(string) == nil {
                issues.append(error(.value, "\"\(string)\" is not a valid FHIR instant.", at: path))
            }
        case (_, "birthDate"):
            if FHIRDate(string) == nil {
                issues.append(error(.value, "\"\(string)\" is not a valid FHIR date.", at: path))
            }
        case (let parent?, "start"), (let parent?, "end"):
            if parent == "period" || parent.hasSuffix("Period"), FHIRDateTime(string) == nil {
                issues.append(error(.value, "\"\(string)\" is not a valid FHIR dateTime.", at: path))
            }
        case (nil, "created"), (nil, "authoredOn"), (nil, "authored"):
            if FHIRDateTime(string) == nil {
                issues.append(error(.value, "\"\(string)\" is not a valid FHIR dateTime.", at: path))
            }
        default:
            break
        }
    }

    private func error(_ code: OperationOutcome.IssueType, _ diagnostics: String, at path: String) -> OperationOutcome.Issue {
        OperationOutcome.Issue(severity: .error, code: code, diagnostics: diagnostics, expression: [path])
    }
}
