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
        // Scanned as bytes: every hook call fills every template.
        let bytes = Array(template.utf8)
        let open = UInt8(ascii: "{"), close = UInt8(ascii: "}"), space = UInt8(ascii: " ")
        var filled = ""
        var position = 0, copiedUpTo = 0
        while position + 1 < bytes.count {
            guard bytes[position] == open, bytes[position + 1] == open else {
                position += 1
                continue
            }
            var end = position + 2
            while end + 1 < bytes.count, !(bytes[end] == close && bytes[end + 1] == close) { end += 1 }
            guard end + 1 < bytes.count else {
                self = .notApplicable(token: String(decoding: bytes[position...], as: UTF8.self))
                return
            }
            let token = String(decoding: bytes[position..<(end + 2)], as: UTF8.self)
            var nameStart = position + 2, nameEnd = end
            while nameStart < nameEnd, bytes[nameStart] == space { nameStart += 1 }
            while nameEnd > nameStart, bytes[nameEnd - 1] == space { nameEnd -= 1 }
            guard let value = Self.value(of: String(decoding: bytes[nameStart..<nameEnd], as: UTF8.self), in: context) else {
                self = .notApplicable(token: token)
                return
            }
            filled += String(decoding: bytes[copiedUpTo..<position], as: UTF8.self)
            filled += Self.percentEncoded(value)
            position = end + 2
            copiedUpTo = position
        }
        filled += String(decoding: bytes[copiedUpTo...], as: UTF8.self)
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
        guard let type = userTokenTypes[token], let user = context["userId"]?.string,
            let address = ResourceAddress(user), address.type == type
        else { return nil }
        return address.id
    }

    /// CDS Hooks 2.0's user tokens and the resource type `context.userId` must have for each.
    private static let userTokenTypes = [
        "userPractitionerId": "Practitioner", "userPractitionerRoleId": "PractitionerRole",
        "userPatientId": "Patient", "userRelatedPersonId": "RelatedPerson",
    ]

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

