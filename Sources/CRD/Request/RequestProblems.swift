import FHIR

/// The problems found in one hook request, gathered so the EHR learns of all of them from one
/// answer instead of fixing them one round trip at a time. Each becomes one OperationOutcome
/// issue whose expression is the element's path (`context.draftOrders.entry[0].resource`).
struct RequestProblems {
    private(set) var issues: [OperationOutcome.Issue] = []

    var isEmpty: Bool { issues.isEmpty }

    mutating func add(_ code: OperationOutcome.IssueType, _ message: String, at path: String) {
        issues.append(OperationOutcome.Issue(severity: .error, code: code, diagnostics: message, expression: [path]))
    }

    func error(_ status: HookError.Status) -> HookError {
        HookError(status, OperationOutcome(issues: issues))
    }
}

extension RequestProblems {
    /// A required string member that must not be empty; reports and returns `nil` otherwise.
    mutating func requireString(_ value: JSON?, at path: String) -> String? {
        switch value {
        case nil, .null?:
            add(.required, "\(path) is required.", at: path)
        case .string(let text)? where text.isEmpty:
            add(.value, "\(path) must not be empty.", at: path)
        case .string(let text)?:
            return text
        default:
            add(.structure, "\(path) must be a string.", at: path)
        }
        return nil
    }

    /// A FHIR logical id (`123`, not `Patient/123`): 1–64 letters, digits, `-` and `.`.
    mutating func requirePlainID(_ value: JSON?, at path: String) -> String? {
        guard let id = requireString(value, at: path) else { return nil }
        guard Self.isFHIRID(id) else {
            let hint = id.contains("/") ? " (a plain id such as `123`, not a reference)" : ""
            add(.value, "\(path) must be a FHIR id\(hint); found \"\(id)\".", at: path)
            return nil
        }
        return id
    }

    /// FHIR's `id` datatype rule, which patientId and encounterId follow.
    static func isFHIRID(_ id: String) -> Bool {
        (1...64).contains(id.utf8.count)
            && id.utf8.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
            }
    }

    /// ``requirePlainID(_:at:)`` for a member that may be left out.
    mutating func optionalPlainID(_ value: JSON?, at path: String) -> String? {
        guard let value, !value.isNull else { return nil }
        return requirePlainID(value, at: path)
    }

    /// A reference string (`Practitioner/123`, or an absolute URL ending in `Type/id`) whose
    /// type is one of `types` (any type when `nil`).
    mutating func requireReference(_ value: JSON?, types: Set<String>? = nil, at path: String) -> ResourceAddress? {
        guard let text = requireString(value, at: path) else { return nil }
        guard let address = ResourceAddress(text) else {
            add(.value, "\(path) must be a reference of the form Type/id; found \"\(text)\".", at: path)
            return nil
        }
        if let types, !types.contains(address.type) {
            let allowed = types.sorted().joined(separator: ", ")
            add(.value, "\(path) must refer to one of \(allowed); found \(address.type).", at: path)
            return nil
        }
        return address
    }

    /// A required JSON array; reports and returns `nil` otherwise.
    mutating func requireArray(_ value: JSON?, at path: String) -> [JSON]? {
        switch value {
        case nil, .null?:
            add(.required, "\(path) is required.", at: path)
        case .array(let elements)?:
            return elements
        default:
            add(.structure, "\(path) must be an array.", at: path)
        }
        return nil
    }

    /// A FHIR resource (an object with `resourceType`) of the given type.
    mutating func requireResource(_ value: JSON?, type: String, at path: String) -> JSON? {
        guard let value, !value.isNull else {
            add(.required, "\(path) is required.", at: path)
            return nil
        }
        guard value.object != nil else {
            add(.structure, "\(path) must be a \(type) resource (a JSON object).", at: path)
            return nil
        }
        guard value.resourceType == type else {
            let found = value.resourceType.map { "a \($0)" } ?? "no resourceType"
            add(.value, "\(path) must be a \(type) resource; found \(found).", at: path)
            return nil
        }
        return value
    }
}
