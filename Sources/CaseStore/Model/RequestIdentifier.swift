/// The submitter's identifier of a request (the PAS request Bundle's `identifier`).
///
/// Together with the submitter it names one request: sending the same Bundle again finds the
/// same case instead of opening a second one. A missing `system` is stored as "".
public struct RequestIdentifier: Sendable, Hashable, Codable, CustomStringConvertible {
    public var system: String
    public var value: String

    public init(system: String = "", value: String) {
        self.system = system
        self.value = value
    }

    public var description: String { system.isEmpty ? value : "\(system)|\(value)" }
}
