import FHIR
import Foundation

/// Turns the body of a call to one of the CDS services into a ``HookRequest``, or into the
/// error the CRD guide prescribes: 400 when the body is not a JSON object, 422 (with every
/// problem found, one issue each) when it breaks CDS Hooks 2.0 or the hook's context rules.
///
/// The service id says which hook is being called, so `hook` in the body must name that hook.
/// Unknown members — in the request or the context — are ignored, as CDS Hooks requires.
public struct HookRequestParser: Sendable {
    public init() {}

    /// Parses UTF-8 JSON text sent to `hook`'s service.
    public func parse(_ body: some Collection<UInt8>, for hook: HookName) throws(HookError) -> HookRequest {
        let json: JSON
        do {
            json = try JSON.parse(body)
        } catch {
            throw HookError(.badRequest, OperationOutcome(error))
        }
        return try parse(json: json, for: hook)
    }

    /// Checks an already parsed body sent to `hook`'s service.
    public func parse(json: JSON, for hook: HookName) throws(HookError) -> HookRequest {
        guard case .object(let body) = json else {
            throw HookError(.badRequest, .structure, "A CDS Hooks request must be a JSON object.")
        }
        var problems = RequestProblems()
        checkHook(body["hook"], expected: hook, problems: &problems)
        let hookInstance = problems.requireString(body["hookInstance"], at: "hookInstance")
        let fhirServer = readFHIRServer(body["fhirServer"], problems: &problems)
        let authorization = readAuthorization(body["fhirAuthorization"], problems: &problems)
        if body["fhirAuthorization"] != nil, body["fhirServer"] == nil {
            // cds-r-1: a token is useless, and suspicious, without the server it is for.
            problems.add(.invariant, "fhirServer is required when fhirAuthorization is sent (cds-r-1).", at: "fhirServer")
        }
        let prefetch = readPrefetch(body["prefetch"], problems: &problems)
        let extensions = readExtension(body["extension"], problems: &problems)
        let context = readContext(body["context"], hook: hook, problems: &problems)

        guard problems.isEmpty, let hookInstance, let context else {
            throw problems.error(.unprocessableContent)
        }
        return HookRequest(
            hook: hook, hookInstance: hookInstance, fhirServer: fhirServer, fhirAuthorization: authorization,
            context: context, prefetch: prefetch, configuration: CRDConfiguration(requestExtension: extensions),
            extensions: extensions, json: json)
    }
}
