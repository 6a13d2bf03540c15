import FHIR

/// One conformance resource the server hands out (a Questionnaire, Library or ValueSet), as
/// loaded and completed: a Library carries its CQL, a small ValueSet its expansion.
public struct DTRArtifact: Sendable, Hashable {
    public var resource: JSON
    public var canonical: Canonical
    /// Where it came from, for messages (`questionnaires/cpap.json`).
    public var source: String

    public init(resource: JSON, canonical: Canonical, source: String) {
        self.resource = resource
        self.canonical = canonical
        self.source = source
    }

    public var resourceType: String { resource.resourceType ?? "" }
    public var id: String { resource.id ?? "" }
    /// The canonical with its version, as package references name it.
    public var versionedCanonical: String { canonical.description }

    /// An adaptive Questionnaire: its items come from `$next-question`.
    public var isAdaptive: Bool { resource.extension(url: DTRVocabulary.questionnaireAdaptive) != nil }
}
