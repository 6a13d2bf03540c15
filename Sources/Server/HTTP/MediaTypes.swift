import HTTPTypes

/// The media types Greenlight speaks, and the parsing of `Content-Type` / `Accept` values.
enum FHIRMediaType {
    static let fhirJSON = "application/fhir+json"
    static let json = "application/json"
    /// What every FHIR response carries.
    static let responseContentType = "application/fhir+json; charset=utf-8"

    /// The `type/subtype` part of a header value, lower-cased, without parameters.
    static func essence(_ value: String) -> String {
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
