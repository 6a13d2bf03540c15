import FHIR
import Foundation

/// Renders the server's CapabilityStatement (`GET /metadata`) from the ``CapabilityRegistry``.
public struct CapabilityStatementBuilder: Sendable {
    public var baseURL: String
    public var softwareVersion: String
    /// When this server instance started; the statement's `date`.
    public var startedAt: Date
    /// The OAuth token endpoint, advertised in `rest.security`; `nil` when authentication is off.
    public var tokenURL: String?

    public init(baseURL: String, softwareVersion: String, startedAt: Date, tokenURL: String? = nil) {
        self.baseURL = baseURL
        self.softwareVersion = softwareVersion
        self.startedAt = startedAt
        self.tokenURL = tokenURL
    }

    public func build(from registry: CapabilityRegistry) -> JSON {
        var rest: JSON = [
            "mode": "server",
            "documentation": "Greenlight prior-authorization engine: the payer side of Da Vinci CRD, DTR and PAS.",
        ]
        if let tokenURL { rest["security"] = security(tokenURL: tokenURL) }
        let resources = registry.resources.map(resourceJSON)
        if !resources.isEmpty { rest["resource"] = .array(resources) }
        let operations = registry.systemOperations.map(operationJSON)
        if !operations.isEmpty { rest["operation"] = .array(operations) }

        var statement: JSON = [
            "resourceType": "CapabilityStatement",
            "id": "greenlight",
            "url": .string("\(baseURL)/metadata"),
            "version": .string(softwareVersion),
            "name": "GreenlightCapabilityStatement",
            "title": "Greenlight prior-authorization engine",
            "status": "active",
            "experimental": false,
            "date": .string(FHIRDateTime(startedAt).description),
            "publisher": "Greenlight",
            "kind": "instance",
            "software": ["name": "Greenlight", "version": .string(softwareVersion)],
            "implementation": ["description": "Greenlight", "url": .string(baseURL)],
            "fhirVersion": "4.0.1",
            "format": ["application/fhir+json", "json"],
            "rest": [rest],
        ]
        let guides = registry.implementationGuides
        if !guides.isEmpty { statement["implementationGuide"] = .array(guides.map { .string($0) }) }
        return statement
    }

    /// SMART on FHIR, with the token endpoint in the `oauth-uris` extension (SMART App Launch 2).
    private func security(tokenURL: String) -> JSON {
        [
            "extension": [
                [
                    "url": "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris",
                    "extension": [["url": "token", "valueUri": .string(tokenURL)]],
                ]
            ],
            "service": [
                [
                    "coding": [
                        [
                            "system": "http://terminology.hl7.org/CodeSystem/restful-security-service",
                            "code": "SMART-on-FHIR",
                        ]
                    ]
                ]
            ],
            "description": .string(
                "SMART Backend Services: POST a client_credentials request with a private_key_jwt "
                    + "client_assertion to \(tokenURL); see /.well-known/smart-configuration."),
        ]
    }

    private func resourceJSON(_ resource: CapabilityRegistry.Resource) -> JSON {
        var json: JSON = ["type": .string(resource.type)]
        if !resource.profiles.isEmpty { json["supportedProfile"] = .array(resource.profiles.map { .string($0) }) }
        if let documentation = resource.documentation { json["documentation"] = .string(documentation) }
        if !resource.interactions.isEmpty {
            json["interaction"] = .array(resource.interactions.map { ["code": .string($0)] })
        }
        if !resource.searchParameters.isEmpty {
            json["searchParam"] = .array(
                resource.searchParameters.map { parameter in
                    var entry: JSON = ["name": .string(parameter.name), "type": .string(parameter.type)]
                    if let documentation = parameter.documentation { entry["documentation"] = .string(documentation) }
                    return entry
                })
        }
        if !resource.operations.isEmpty { json["operation"] = .array(resource.operations.map(operationJSON)) }
        return json
    }

    private func operationJSON(_ operation: CapabilityRegistry.Operation) -> JSON {
        var json: JSON = ["name": .string(operation.name), "definition": .string(operation.definition)]
        if let documentation = operation.documentation { json["documentation"] = .string(documentation) }
        return json
    }
}
