/// Why the server cannot sign a token: its key store failed or holds no usable current key.
/// Token requests answer this with `temporarily_unavailable`, never with the details.
public struct SigningKeyRingError: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
