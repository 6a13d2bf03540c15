import FHIR
import Foundation

/// Renders the server's CapabilityStatement (`GET /metadata`) from the ``CapabilityRegistry``.
public struct CapabilityStatementBuilder: Sendable {
    public var baseURL: String
    public var softwareVersion: String
    /// When this server instance started; the statement's `date`.
    public var startedAt: Date

    public init(baseURL: String, softwareVersion: String, startedAt: Date) {
        self.baseURL = baseURL
        self.softwareVersion = softwareVersion
        self.startedAt = startedAt
    }

    public func build(from registry: CapabilityRegistry) -> JSON {
        var rest: JSON = [
            "mode": "server",
            "documentation": "Greenlight prior-authorization engine: the payer side of Da Vinci CRD, DTR and PAS.",
        ]
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
