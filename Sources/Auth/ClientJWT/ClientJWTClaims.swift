import FHIR
import Foundation

/// Typed access to the registered claims of a client JWT payload, each failure naming the claim.
struct ClientJWTClaims: Sendable {
    let payload: JSON

    init(_ payload: JSON) { self.payload = payload }

    /// A non-empty string claim of at most 256 characters.
    func requiredString(_ name: String) throws(AuthenticationError) -> String {
        guard let value = payload[name] else { throw AuthenticationError("the \(name) claim is required") }
        guard let text = value.string, !text.isEmpty else {
            throw AuthenticationError("the \(name) claim must be a non-empty string")
        }
        guard text.count <= 256 else { throw AuthenticationError("the \(name) claim is longer than 256 characters") }
        return text
    }

    func optionalString(_ name: String) throws(AuthenticationError) -> String? {
        guard payload[name] != nil else { return nil }
        return try requiredString(name)
    }

    /// A NumericDate (RFC 7519 §2): seconds since 1970 as a JSON number.
    func requiredDate(_ name: String) throws(AuthenticationError) -> Date {
        guard let date = try optionalDate(name) else { throw AuthenticationError("the \(name) claim is required") }
        return date
    }

    func optionalDate(_ name: String) throws(AuthenticationError) -> Date? {
        guard let value = payload[name] else { return nil }
        guard let seconds = value.double, seconds.isFinite else {
            throw AuthenticationError("the \(name) claim must be a NumericDate (seconds since 1970), got \(value.serializedString())")
        }
        return Date(timeIntervalSince1970: seconds)
    }

    /// `aud` must be `expected` exactly, or an array containing it (RFC 7519 §4.1.3).
    func checkAudience(_ expected: String) throws(AuthenticationError) {
        guard let aud = payload["aud"] else { throw AuthenticationError("the aud claim is required; it must be \(expected)") }
        if let text = aud.string {
            guard text == expected else { throw AuthenticationError("aud must be \(expected), got \(text)") }
        } else if let list = aud.array {
            let texts = list.compactMap(\.string)
            guard texts.contains(expected) else {
                throw AuthenticationError("aud must be \(expected) or contain it, got [\(texts.joined(separator: ", "))]")
            }
        } else {
            throw AuthenticationError("aud must be a string or an array of strings")
        }
    }
}
