import FHIR

/// A prefetch template with its tokens filled from one request's context (CDS Hooks 2.0
/// §Prefetch tokens), or the reason it does not apply to this request.
///
/// Tokens: `{{context.<name>}}` for any root-level context member that is a primitive or a
/// reference (`patientId`, `encounterId`, `userId`, order-dispatch's `performer`), and
/// `{{userPractitionerId}}`, `{{userPractitionerRoleId}}`, `{{userPatientId}}`,
/// `{{userRelatedPersonId}}`, the id of `context.userId` when it is of that type. A template
/// with a token the request cannot fill — no `encounterId`, a user of another type, a FHIRPath
/// expression this service does not evaluate — is not applicable: the service neither expects
/// the key nor fetches it. That is not an error.
public enum PrefetchQuery: Sendable, Hashable {
    /// The relative query to run against `fhirServer` (`Coverage?patient=123&status=active`).
    case query(String)
    /// `token` (as written, with its braces) could not be filled.
    case notApplicable(token: String)

    public init(template: String, context: JSONObject) {
        var filled = ""
        var rest = Substring(template)
        while let open = rest.firstRange(of: "{{") {
            filled += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].firstRange(of: "}}") else {
                self = .notApplicable(token: String(rest[open.lowerBound...]))
                return
            }
            let token = rest[open.lowerBound..<close.upperBound]
            let name = rest[open.upperBound..<close.lowerBound].trimmingSpaces
            guard let value = Self.value(of: name, in: context) else {
                self = .notApplicable(token: String(token))
                return
            }
            filled += Self.percentEncoded(value)
            rest = rest[close.upperBound...]
        }
        filled += rest
        self = .query(filled)
    }

    /// The filled query, when the template applies.
    public var query: String? {
        if case .query(let query) = self { query } else { nil }
    }

    /// The text a token stands for, or `nil` when this request has none.
    static func value(of token: String, in context: JSONObject) -> String? {
        if token.hasPrefix("context.") {
            return primitiveText(context[String(token.dropFirst("context.".count))])
        }
        let userTypes = [
            "userPractitionerId": "Practitioner", "userPractitionerRoleId": "PractitionerRole",
            "userPatientId": "Patient", "userRelatedPersonId": "RelatedPerson",
        ]
        guard let type = userTypes[token], let user = context["userId"]?.string,
            let address = ResourceAddress(user), address.type == type
        else { return nil }
        return address.id
    }

    /// Strings, numbers and Booleans as written; a Reference object by its `reference`.
    /// Objects, arrays, empty strings and `null` cannot fill a token.
    private static func primitiveText(_ value: JSON?) -> String? {
        switch value {
        case .string(let text)?: text.isEmpty ? nil : text
        case .number(let number)?: number.literal
        case .bool(let flag)?: flag ? "true" : "false"
        case .object?: value?["reference"]?.string.flatMap { $0.isEmpty ? nil : $0 }
        default: nil
        }
    }
}

extension Substring {
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
