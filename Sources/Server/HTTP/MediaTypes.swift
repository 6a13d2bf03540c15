import HTTPTypes

/// The media types Greenlight speaks, and the parsing of `Content-Type` / `Accept` values.
enum FHIRMediaType {
    static let fhirJSON = "application/fhir+json"
    static let json = "application/json"
    /// What every FHIR response carries.
    static let responseContentType = "application/fhir+json; charset=utf-8"

    /// The `type/subtype` part of a header value, lower-cased, without parameters.
    static func essence(_ value: String) -> String {
        trimmed(value.split(separator: ";", maxSplits: 1).first ?? "").lowercased()
    }

    /// `text` without the white space around it. By bytes for ASCII text, which is what clients
    /// send (each request's Content-Type and Accept pass through here, and Foundation's trimming
    /// cost more than the rest of the check); Foundation's, Unicode spaces included, otherwise.
    private static func trimmed(_ text: Substring) -> Substring {
        let bytes = text.utf8
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return Substring(text.trimmingCharacters(in: .whitespaces)) }
        let isText = { (byte: UInt8) in byte != UInt8(ascii: " ") && byte != UInt8(ascii: "\t") }
        guard let first = bytes.firstIndex(where: isText), let last = bytes.lastIndex(where: isText) else { return "" }
        return text[first...last]
    }

    /// Request bodies may be FHIR JSON or plain JSON (many clients send the latter).
    static func isAcceptableBody(contentType: String) -> Bool {
        let essence = essence(contentType)
        return essence == fhirJSON || essence == json
    }

    /// Whether an `Accept` header admits a JSON answer. No header means anything goes.
    static func acceptsJSON(_ accept: String?) -> Bool {
        guard let accept, !trimmed(Substring(accept)).isEmpty else { return true }
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
