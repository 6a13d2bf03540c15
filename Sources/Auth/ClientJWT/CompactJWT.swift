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
        // Split by bytes in one contiguous buffer: `String.split` walks Characters, and every
        // signed request and every bearer token comes through here.
        var token = token
        let parsed = token.withUTF8 { bytes -> Result<CompactJWT, AuthenticationError> in
            do throws(AuthenticationError) { return .success(try CompactJWT(parts: bytes)) } catch { return .failure(error) }
        }
        self = try parsed.get()
    }

    private init(parts bytes: UnsafeBufferPointer<UInt8>) throws(AuthenticationError) {
        let dots = bytes.indices.filter { bytes[$0] == UInt8(ascii: ".") }
        // An empty signature is let through here so `alg: none` tokens get their own refusal.
        guard dots.count == 2, dots[0] > 0, dots[1] > dots[0] + 1 else {
            throw AuthenticationError("a JWT must be three base64url parts separated by dots (got \(dots.count + 1) parts)")
        }
        let headerPart = UnsafeBufferPointer(rebasing: bytes[..<dots[0]])
        let payloadPart = UnsafeBufferPointer(rebasing: bytes[(dots[0] + 1)..<dots[1]])
        let signaturePart = UnsafeBufferPointer(rebasing: bytes[(dots[1] + 1)...])
        guard let headerBytes = Self.base64URLDecode(headerPart) else {
            throw AuthenticationError("the JWT header is not base64url")
        }
        guard let payloadBytes = Self.base64URLDecode(payloadPart) else {
            throw AuthenticationError("the JWT payload is not base64url")
        }
        guard let signature = Self.base64URLDecode(signaturePart) else {
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
        self.signingInput = Array(bytes[..<dots[1]])
        self.signature = signature
    }

    /// Unpadded base64url (RFC 7515 §2); any other character, padding included, is refused.
    /// Decoded byte by byte: this runs three times on every signed request.
    static func base64URLDecode(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        let count = text.count
        guard count % 4 != 1 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count * 3 / 4)
        var buffer: UInt32 = 0, bits = 0
        for character in text {
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
