/// Why a CQL text does not translate: the place and a message a library author can act on.
/// Every failure of the lexer, parser and translator is one of these; none of them traps.
public struct CQLError: Error, Sendable, Hashable, CustomStringConvertible {
    public var location: SourceLocation
    public var message: String

    public init(_ message: String, at location: SourceLocation) {
        self.message = message
        self.location = location
    }

    /// `12:7: unknown identifier Foo`
    public var description: String { "\(location): \(message)" }
}
