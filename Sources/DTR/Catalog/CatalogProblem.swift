/// A file of `Questionnaires/` that was refused, and why. The server reports these at start and
/// serves everything else.
public struct CatalogProblem: Sendable, Hashable, CustomStringConvertible {
    /// The file, relative to the folder it was read from (`questionnaires/cpap.json`).
    public var file: String
    public var message: String

    public init(file: String, message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { "\(file): \(message)" }
}

/// Why one file is refused; the loader adds the file's name.
struct CatalogFileProblem: Error, Sendable {
    var message: String
    init(_ message: String) { self.message = message }
}
