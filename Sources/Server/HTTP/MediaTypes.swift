import HTTPTypes

/// The media types Greenlight speaks, and the parsing of `Content-Type` / `Accept` values.
enum FHIRMediaType {
    static let fhirJSON = "application/fhir+json"
    static let json = "application/json"
    /// What every FHIR response carries.
    static let responseContentType = "application/fhir+json; charset=utf-8"

    /// The `type/subtype` part of a header value, lower-cased, without parameters.
    static func essence(_ value: String) -> String {
        // By bytes for the ASCII values every client sends (each request's Content-Type and
        // Accept pass through here; Foundation's trimming cost more than the rest of the check).
        let bytes = value.utf8
        if bytes.allSatisfy({ $0 < 0x80 }) {
            let base = bytes.prefix { $0 != UInt8(ascii: ";") }
            let isSpace = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
            let trimmed = base.drop(while: isSpace).reversed().drop(while: isSpace).reversed()
            return String(decoding: trimmed.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self)
        }
        let base = value.split(separator: ";", maxSplits: 1).first ?? ""
        return base.trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// Request bodies may be FHIR JSON or plain JSON (many clients send the latter).
    static func isAcceptableBody(contentType: String) -> Bool {
        let essence = essence(contentType)
        return essence == fhirJSON || essence == json
    }

    /// Whether an `Accept` header admits a JSON answer. No header means anything goes.
    static func acceptsJSON(_ accept: String?) -> Bool {
        guard let accept, !accept.trimmingCharacters(in: .whitespaces).isEmpty else { return true }
        for range in accept.split(separator: ",") {
            let essence = essence(String(range))
            if essence == "*/*" || essence == "application/*" || essence == fhirJSON || essence == json
                || essence == "text/plain" || essence == "text/*"
            {
                return true
            }
        }
        return false
    }

    /// The FHIR `_format` parameter: `json`, `application/json`, `application/fhir+json` are ours.
    static func isJSONFormatParameter(_ value: String) -> Bool {
        let essence = essence(value)
        return essence == "json" || essence == fhirJSON || essence == json
    }
}

import Foundation
