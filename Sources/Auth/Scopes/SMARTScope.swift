/// One SMART on FHIR scope, such as `system/Claim.c` or `system/*.rs`.
///
/// Greenlight reasons about scopes as values rather than strings so that v1 (`.read`, `.write`,
/// `.*`) and v2 (`.cruds`) spellings of the same grant compare equal, and so that a route's
/// requirement can be checked against wildcard grants (`system/*.rs`) without string games.
public struct SMARTScope: Sendable, Hashable, CustomStringConvertible {
    /// Whose data the scope is about. Backend Services clients get `system` scopes.
    public enum Context: String, Sendable, Hashable, CaseIterable {
        case system, user, patient
    }

    public var context: Context
    /// A FHIR resource type name, or `*` for every type.
    public var resourceType: String
    public var permissions: Permissions

    public init(context: Context, resourceType: String, permissions: Permissions) {
        self.context = context
        self.resourceType = resourceType
        self.permissions = permissions
    }

    /// The canonical SMART v2 spelling, e.g. `system/Claim.c` (letters in `cruds` order).
    public var description: String {
        "\(context.rawValue)/\(resourceType).\(permissions.letters)"
    }

    /// Whether everything `other` allows is also allowed by `self`: same context, the same
    /// resource type or `self` a wildcard, and at least the same permissions.
    public func covers(_ other: SMARTScope) -> Bool {
        context == other.context
            && (resourceType == "*" || resourceType == other.resourceType)
            && permissions.isSuperset(of: other.permissions)
    }

    /// What both `self` and `other` allow, if anything: the narrower resource type and the common
    /// permissions. Used to grant part of a request the client is only partly allowed.
    public func intersection(_ other: SMARTScope) -> SMARTScope? {
        guard context == other.context else { return nil }
        let type: String
        if resourceType == other.resourceType || other.resourceType == "*" {
            type = resourceType
        } else if resourceType == "*" {
            type = other.resourceType
        } else {
            return nil
        }
        let common = permissions.intersection(other.permissions)
        guard !common.isEmpty else { return nil }
        return SMARTScope(context: context, resourceType: type, permissions: common)
    }
}
