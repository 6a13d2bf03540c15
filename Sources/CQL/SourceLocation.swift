/// Where something is in a CQL source text: 1-based line and column, counted in Unicode scalars
/// so that an editor's "go to line:column" lands on it.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public var description: String { "\(line):\(column)" }
}
