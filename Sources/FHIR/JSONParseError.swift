/// Why a document is not valid JSON, and where.
///
/// Callers of the API see this in an OperationOutcome, so the message names what was
/// expected in plain words and the position is given as line and column, which is what an
/// editor shows: "expected ',' or '}' after object member at line 3, column 17".
public struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Byte offset of the problem from the start of the input, counting from 0.
    public let offset: Int
    /// Line of the problem, counting from 1. Lines end at `\n`, `\r\n` or a lone `\r`.
    public let line: Int
    /// Column of the problem, counting from 1, in Unicode scalars.
    public let column: Int
    /// What is wrong, without the position.
    public let message: String

    public init(offset: Int, line: Int, column: Int, message: String) {
        self.offset = offset
        self.line = line
        self.column = column
        self.message = message
    }

    /// `message` followed by the position.
    public var description: String {
        "\(message) at line \(line), column \(column)"
    }

    /// An error at `offset` in `bytes`, computing line and column by scanning up to it.
    /// Only failures pay for the scan.
    static func at(_ offset: Int, in bytes: UnsafeBufferPointer<UInt8>, _ message: String) -> JSONParseError {
        var line = 1
        var column = 1
        var position = 0
        let end = min(offset, bytes.count)
        while position < end {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte == UInt8(ascii: "\r") {
                if position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "\n") {
                    position += 1  // \r\n is one line break; the \n is consumed here.
                    if position == end { break }
                }
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1  // UTF-8 continuation bytes do not start a new scalar.
            }
            position += 1
        }
        return JSONParseError(offset: offset, line: line, column: column, message: message)
    }
}
