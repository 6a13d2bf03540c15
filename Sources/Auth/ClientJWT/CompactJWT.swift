import FHIR
import Foundation

/// A compact-serialized JWS split into its parts, nothing verified yet.
///
/// Parsing is strict — exactly three unpadded base64url parts, JSON objects in the first two —
/// because leniency here is where JWT libraries have historically let forgeries through.
struct CompactJWT: Sendable {
    /// Longer tokens are refused before any decoding; real client JWTs are well under 4 KiB.
    static let maximumLength = 16_384

    let header: JSON
    let payload: JSON
    /// `base64url(header) "." base64url(payload)`, the bytes the signature covers.
    let signingInput: [UInt8]
    let signature: [UInt8]

    init(_ token: String) throws(AuthenticationError) {
        guard token.utf8.count <= Self.maximumLength else {
            throw AuthenticationError("the JWT is longer than \(Self.maximumLength) bytes")
        }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        // An empty signature is let through here so `alg: none` tokens get their own refusal.
        guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw AuthenticationError("a JWT must be three base64url parts separated by dots (got \(parts.count) parts)")
        }
        guard let headerBytes = Self.base64URLDecode(parts[0]) else {
            throw AuthenticationError("the JWT header is not base64url")
        }
        guard let payloadBytes = Self.base64URLDecode(parts[1]) else {
            throw AuthenticationError("the JWT payload is not base64url")
        }
        guard let signature = Self.base64URLDecode(parts[2]) else {
            throw AuthenticationError("the JWT signature is not base64url")
        }
        guard let header = try? JSON.parse(headerBytes), header.object != nil else {
            throw AuthenticationError("the JWT header is not a JSON object")
        }
        guard let payload = try? JSON.parse(payloadBytes), payload.object != nil else {
            throw AuthenticationError("the JWT payload is not a JSON object")
        }
        self.header = header
        self.payload = payload
        self.signingInput = Array(token.utf8.prefix(parts[0].utf8.count + 1 + parts[1].utf8.count))
        self.signature = signature
    }

    /// Unpadded base64url (RFC 7515 §2); any other character, padding included, is refused.
    /// Decoded byte by byte: this runs three times on every signed request.
    static func base64URLDecode(_ text: Substring) -> [UInt8]? {
        let count = text.utf8.count
        guard count % 4 != 1 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count * 3 / 4)
        var buffer: UInt32 = 0, bits = 0
        for character in text.utf8 {
            let value: UInt8
            switch character {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = character - UInt8(ascii: "A")
            case UInt8(ascii: "a")...UInt8(ascii: "z"): value = character - UInt8(ascii: "a") + 26
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = character - UInt8(ascii: "0") + 52
            case UInt8(ascii: "-"): value = 62
            case UInt8(ascii: "_"): value = 63
            default: return nil
            }
            buffer = buffer << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                bytes.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
            }
        }
        return bytes
    }
}
