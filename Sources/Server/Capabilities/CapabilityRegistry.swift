import Synchronization

/// What the running server actually implements, declared by the code that implements it.
///
/// Each route module declares its resources, interactions, search parameters and operations
/// as it registers its routes, so `/metadata` can never advertise an endpoint that is not
/// there — and grows by itself as modules are added.
public final class CapabilityRegistry: Sendable {
    public struct Operation: Sendable, Hashable {
        public var name: String
        public var definition: String
        public var documentation: String?
        public init(name: String, definition: String, documentation: String? = nil) {
            self.name = name
            self.definition = definition
            self.documentation = documentation
        }
    }

    public struct SearchParameter: Sendable, Hashable {
        public var name: String
        public var type: String
        public var documentation: String?
        public init(name: String, type: String, documentation: String? = nil) {
            self.name = name
            self.type = type
            self.documentation = documentation
        }
    }

    /// One `rest.resource` entry.
    public struct Resource: Sendable, Hashable {
        public var type: String
        public var profiles: [String] = []
        public var interactions: [String] = []
        public var searchParameters: [SearchParameter] = []
        public var operations: [Operation] = []
        public var documentation: String?
        public init(type: String) { self.type = type }
    }

    private struct State: Sendable {
        var resources: [String: Resource] = [:]
        var resourceOrder: [String] = []
        var systemOperations: [Operation] = []
        var implementationGuides: [String] = []
        var scopes: [String] = []
    }

    private let state = Mutex(State())

    public init() {}

    /// Adds to (or creates) the entry for a resource type.
    public func declare(resource type: String, _ update: @Sendable (inout Resource) -> Void) {
        state.withLock { state in
            if state.resources[type] == nil {
                state.resources[type] = Resource(type: type)
                state.resourceOrder.append(type)
            }
            update(&state.resources[type]!)
        }
    }

    public func declare(systemOperation: Operation) {
        state.withLock { $0.systemOperations.append(systemOperation) }
    }

    public func declare(implementationGuide canonical: String) {
        state.withLock { state in
            if !state.implementationGuides.contains(canonical) { state.implementationGuides.append(canonical) }
        }
    }

    /// A SMART scope some route requires (advertised in `scopes_supported`).
    public func declare(scope: String) {
        state.withLock { state in
            if !state.scopes.contains(scope) { state.scopes.append(scope) }
        }
    }

    /// The declared resources in declaration order.
    public var resources: [Resource] {
        state.withLock { state in state.resourceOrder.compactMap { state.resources[$0] } }
    }

    public var systemOperations: [Operation] { state.withLock { $0.systemOperations } }
    public var implementationGuides: [String] { state.withLock { $0.implementationGuides } }
    public var scopes: [String] { state.withLock { $0.scopes } }
}
