import FHIR
import Foundation

/// The CDS Hooks 2.0 request members around the context: `hook`, `fhirServer`,
/// `fhirAuthorization`, `prefetch` and `extension`.
extension HookRequestParser {
    func checkHook(_ value: JSON?, expected: HookName, problems: inout RequestProblems) {
        guard let hook = problems.requireString(value, at: "hook") else { return }
        if hook != expected.rawValue {
            problems.add(
                .value, "This service (\(expected.serviceID)) answers the \(expected.rawValue) hook, not \"\(hook)\".",
                at: "hook")
        }
    }

    /// An absolute http(s) URL, returned without a trailing slash so queries can be appended.
    func readFHIRServer(_ value: JSON?, problems: inout RequestProblems) -> URL? {
        guard let value, !value.isNull else { return nil }
        guard let text = problems.requireString(value, at: "fhirServer") else { return nil }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = url.host, !host.isEmpty, url.query == nil, url.fragment == nil
        else {
            problems.add(.value, "fhirServer must be an absolute http or https URL; found \"\(text)\".", at: "fhirServer")
            return nil
        }
        var trimmed = text
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        return URL(string: trimmed)
    }

    /// `fhirAuthorization`: all of access_token, token_type (Bearer), expires_in, scope and
    /// subject are required; `patient` is optional.
    func readAuthorization(_ value: JSON?, problems: inout RequestProblems) -> HookRequest.FHIRAuthorization? {
        guard let value, !value.isNull else { return nil }
        guard case .object(let members) = value else {
            problems.add(.structure, "fhirAuthorization must be an object.", at: "fhirAuthorization")
            return nil
        }
        let accessToken = problems.requireString(members["access_token"], at: "fhirAuthorization.access_token")
        var tokenType = problems.requireString(members["token_type"], at: "fhirAuthorization.token_type")
        if let type = tokenType, type.lowercased() != "bearer" {
            problems.add(.value, "fhirAuthorization.token_type must be Bearer; found \"\(type)\".", at: "fhirAuthorization.token_type")
            tokenType = nil
        }
        var expiresIn: Int?
        switch members["expires_in"] {
        case nil, .null?:
            problems.add(.required, "fhirAuthorization.expires_in is required.", at: "fhirAuthorization.expires_in")
        case let seconds? where seconds.int != nil:
            expiresIn = seconds.int
        default:
            problems.add(.structure, "fhirAuthorization.expires_in must be a whole number of seconds.", at: "fhirAuthorization.expires_in")
        }
        let scope = problems.requireString(members["scope"], at: "fhirAuthorization.scope")
        let subject = problems.requireString(members["subject"], at: "fhirAuthorization.subject")
        var patient: String?
        if let sent = members["patient"], !sent.isNull {
            patient = problems.requirePlainID(sent, at: "fhirAuthorization.patient")
        }
        guard let accessToken, let tokenType, let expiresIn, let scope, let subject else { return nil }
        return HookRequest.FHIRAuthorization(
            accessToken: accessToken, tokenType: tokenType, expiresIn: expiresIn, scope: scope, subject: subject,
            patient: patient)
    }

    /// `prefetch`: an object whose values are resources, or `null` for "no data".
    func readPrefetch(_ value: JSON?, problems: inout RequestProblems) -> JSONObject {
        guard let value, !value.isNull else { return JSONObject() }
        guard case .object(let prefetch) = value else {
            problems.add(.structure, "prefetch must be an object.", at: "prefetch")
            return JSONObject()
        }
        for (key, result) in prefetch where !result.isNull && result.resourceType == nil {
            problems.add(.structure, "prefetch.\(key) must be a FHIR resource or null.", at: "prefetch.\(key)")
        }
        return prefetch
    }

    func readExtension(_ value: JSON?, problems: inout RequestProblems) -> JSON? {
        guard let value, !value.isNull else { return nil }
        guard value.object != nil else {
            problems.add(.structure, "extension must be an object.", at: "extension")
            return nil
        }
        return value
    }
}
