import FHIR
import Foundation

/// A CDS Hooks call that passed the CDS Hooks 2.0 shape checks: the fields the service reads,
/// with the original JSON kept for the dispute log.
public struct HookRequest: Sendable, Hashable {
    /// The bearer token the EHR gave for its FHIR server (`fhirAuthorization`).
    public struct FHIRAuthorization: Sendable, Hashable {
        public var accessToken: String
        public var tokenType: String
        public var expiresIn: Int
        public var scope: String
        public var subject: String
        public var patient: String?

        public init(accessToken: String, tokenType: String, expiresIn: Int, scope: String, subject: String, patient: String? = nil) {
            self.accessToken = accessToken
            self.tokenType = tokenType
            self.expiresIn = expiresIn
            self.scope = scope
            self.subject = subject
            self.patient = patient
        }
    }

    public var hook: HookName
    public var hookInstance: String
    /// The EHR's FHIR base URL, without a trailing slash.
    public var fhirServer: URL?
    public var fhirAuthorization: FHIRAuthorization?
    /// `context`, as sent (unknown keys included; the service ignores them).
    public var context: JSONObject
    /// `prefetch` as sent: a key that is absent was not fulfilled by the client, a key that is
    /// JSON `null` means "no data" (and must not be fetched again).
    public var prefetch: JSONObject
    public var configuration: CRDConfiguration
    /// `extension`, as sent.
    public var extensions: JSON?
    /// The whole request body, for the dispute log.
    public var json: JSON

    public init(
        hook: HookName, hookInstance: String, fhirServer: URL? = nil, fhirAuthorization: FHIRAuthorization? = nil,
        context: JSONObject, prefetch: JSONObject = JSONObject(), configuration: CRDConfiguration = CRDConfiguration(),
        extensions: JSON? = nil, json: JSON
    ) {
        self.hook = hook
        self.hookInstance = hookInstance
        self.fhirServer = fhirServer
        self.fhirAuthorization = fhirAuthorization
        self.context = context
        self.prefetch = prefetch
        self.configuration = configuration
        self.extensions = extensions
        self.json = json
    }
}
