/// Why a token request's `scope` cannot be granted; becomes OAuth `invalid_scope`.
public struct ScopeGrantError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Written for the integrator: names the scope text at fault.
    public var description: String
    public init(_ description: String) { self.description = description }
}
