/// What a route needs from the caller's scopes, e.g. `Claim/$submit` needs `system/Claim.c`.
///
/// A requirement rather than a scope, because it may accept several contexts (a route open to
/// both `system` and `user` callers) and is satisfied by any wider grant (`system/*.cruds`).
public struct ScopeRequirement: Sendable, Hashable, CustomStringConvertible {
    public var resourceType: String
    public var permissions: SMARTScope.Permissions
    public var contexts: Set<SMARTScope.Context>

    public init(_ resourceType: String, _ permissions: SMARTScope.Permissions, contexts: Set<SMARTScope.Context> = [.system]) {
        self.resourceType = resourceType
        self.permissions = permissions
        self.contexts = contexts
    }

    /// True when one granted scope alone covers the requirement: its context is accepted, its type
    /// is this type or `*`, and it has every required permission. Permissions from different
    /// scopes are not pooled, matching how SMART servers read grants.
    public func isSatisfied(by scopes: [SMARTScope]) -> Bool {
        scopes.contains { scope in
            contexts.contains(scope.context)
                && (scope.resourceType == "*" || scope.resourceType == resourceType)
                && scope.permissions.isSuperset(of: permissions)
        }
    }

    /// `system/Claim.c`; with several contexts, `system/Claim.c or user/Claim.c`.
    public var description: String {
        SMARTScope.Context.allCases.filter(contexts.contains)
            .map { SMARTScope(context: $0, resourceType: resourceType, permissions: permissions).description }
            .joined(separator: " or ")
    }
}
