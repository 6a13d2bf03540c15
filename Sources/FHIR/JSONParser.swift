/// A strict RFC 8259 parser over UTF-8 bytes.
///
/// Written by hand because Foundation's `JSONSerialization` turns numbers into `Double`
/// (losing FHIR decimal precision) and forgets member order. Strict because FHIR is: it
/// rejects duplicate keys, trailing commas, leading zeros, control characters and lone
/// surrogates in strings, invalid UTF-8, and anything after the value. Nesting is limited
/// so hostile input cannot overflow the stack.
struct JSONParser {
    /// Deeper documents are rejected. FHIR resources nest a few dozen levels at most.
    /// At the limit the recursion uses about 250 KB of stack in release builds (about 2 MB
    /// in debug builds), well within the 8 MB threads Swift runs tasks on under Linux.
    static let maximumDepth = 512

    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0
    private var depth = 0
    /// Reused for strings that contain escapes.
    private var scratch: [UInt8] = []

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Parses the whole input as one JSON value.
    mutating func parseDocument() throws(JSONParseError) -> JSON {
        // RFC 8259 lets parsers ignore a byte order mark; some Windows tools write one.
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { position = 3 }
        skipWhitespace()
        guard position < bytes.count else {
            throw error("the document is empty; expected a JSON value")
        }
        let value = try parseValue()
        skipWhitespace()
        guard position == bytes.count else {
            throw unexpected(prefix: "unexpected ", suffix: " after the JSON value")
        }
        return value
    }

    // MARK: Values

    private mutating func parseValue() throws(JSONParseError) -> JSON {
        guard position < bytes.count else { throw error("unexpected end of input; expected a JSON value") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): return try parseLiteral("true", .bool(true))
        case UInt8(ascii: "f"): return try parseLiteral("false", .bool(false))
        case UInt8(ascii: "n"): return try parseLiteral("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw unexpected(prefix: "unexpected ", suffix: "; expected a JSON value")
        }
    }

    private mutating func parseObject() throws(JSONParseError) -> JSON {
        try enterContainer()
        position += 1  // {
        var object = JSONObject()
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            position += 1
            depth -= 1
            return .object(object)
        }
        while true {
            guard peek() == UInt8(ascii: "\"") else {
                if peek() == UInt8(ascii: "}") { throw error("trailing comma before '}' is not allowed") }
                throw unexpected(prefix: "expected '\"' to begin an object key but found ")
            }
            let keyOffset = position
            let key = try parseString()
            skipWhitespace()
            guard peek() == UInt8(ascii: ":") else {
                throw unexpected(prefix: "expected ':' after object key but found ")
            }
            position += 1
            skipWhitespace()
            let value = try parseValue()
            guard object.insert(key, value) else {
                throw duplicateKey(key, at: keyOffset)
            }
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","):
                position += 1
                skipWhitespace()
            case UInt8(ascii: "}"):
                position += 1
                depth -= 1
                return .object(object)
            default:
                throw unexpected(prefix: "expected ',' or '}' after object member but found ")
            }
        }
    }

    private mutating func parseArray() throws(JSONParseError) -> JSON {
        try enterContainer()
        position += 1  // [
        var elements: [JSON] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            position += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            if peek() == UInt8(ascii: "]") { throw error("trailing comma before ']' is not allowed") }
            elements.append(try parseValue())
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","):
                position += 1
                skipWhitespace()
            case UInt8(ascii: "]"):
                position += 1
                depth -= 1
                return .array(elements)
            default:
                throw unexpected(prefix: "expected ',' or ']' after array element but found ")
            }
        }
    }

    private mutating func enterContainer() throws(JSONParseError) {
        depth += 1
        guard depth <= Self.maximumDepth else {
            throw error("arrays and objects nest deeper than \(Self.maximumDepth) levels")
        }
    }

    private mutating func parseLiteral(_ word: StaticString, _ value: JSON) throws(JSONParseError) -> JSON {
        let count = word.utf8CodeUnitCount
        let matches =
            position + count <= bytes.count
            && (0..<count).allSatisfy { bytes[position + $0] == word.utf8Start[$0] }
        guard matches else { throw error("invalid literal; expected '\(word)'") }
        position += count
        return value
    }

    // MARK: Numbers

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, kept as written.
    private mutating func parseNumber() throws(JSONParseError) -> JSONNumber {
        let start = position
        if peek() == UInt8(ascii: "-") { position += 1 }
        switch peek() {
        case UInt8(ascii: "0"):
            position += 1
            if let next = peek(), isDigit(next) { throw error("leading zeros are not allowed in numbers") }
        case let byte? where isDigit(byte):
            skipDigits()
        default:
            throw error("expected a digit after '-' but found \(describeByte(at: position))")
        }
        if peek() == UInt8(ascii: ".") {
            position += 1
            guard let byte = peek(), isDigit(byte) else {
                throw error("expected a digit after the decimal point but found \(describeByte(at: position))")
            }
            skipDigits()
        }
        if let byte = peek(), byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
            position += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { position += 1 }
            guard let byte = peek(), isDigit(byte) else {
                throw error("expected a digit in the exponent but found \(describeByte(at: position))")
            }
            skipDigits()
        }
        return JSONNumber(uncheckedLiteral: String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self))
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private mutating func skipDigits() {
        while position < bytes.count, isDigit(bytes[position]) { position += 1 }
    }

    // MARK: Strings

    /// Parses a string starting at its opening quote. Runs without escapes are validated as
    /// UTF-8 and copied in one piece; escapes go through `scratch`.
    private mutating func parseString() throws(JSONParseError) -> String {
        let openingQuote = position
        position += 1
        var runStart = position
        var usesScratch = false
        while true {
            guard position < bytes.count else {
                throw error("unterminated string; expected '\"' before the end of input", at: openingQuote)
            }
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\""):
                let run = UnsafeBufferPointer(rebasing: bytes[runStart..<position])
                position += 1
                if !usesScratch { return String(decoding: run, as: UTF8.self) }
                scratch.append(contentsOf: run)
                let string = String(decoding: scratch, as: UTF8.self)
                scratch.removeAll(keepingCapacity: true)
                return string
            case UInt8(ascii: "\\"):
                if !usesScratch {
                    usesScratch = true
                    scratch.removeAll(keepingCapacity: true)
                }
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<position]))
                try parseEscape()
                runStart = position
            case 0x00..<0x20:
                throw error("control character U+\(hex(byte, digits: 4)) must be escaped in a string")
            case 0x20..<0x80:
                position += 1
            default:
                try skipMultiByteScalar()
            }
        }
    }

    /// Appends the character an escape (starting at its backslash) stands for to `scratch`.
    private mutating func parseEscape() throws(JSONParseError) {
        let escapeStart = position
        position += 1
        guard let byte = peek() else { throw error("unterminated escape sequence at the end of input") }
        position += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(byte)
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"):
            let unit = try parseHexQuad(escapeStart: escapeStart)
            let scalar: Unicode.Scalar?
            switch unit {
            case 0xD800..<0xDC00:
                let lowStart = position
                guard peek() == UInt8(ascii: "\\"), position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "u")
                else {
                    throw error(
                        "lone high surrogate \\u\(hex(unit, digits: 4)) must be followed by a \\u escape of a low surrogate",
                        at: escapeStart)
                }
                position += 2
                let low = try parseHexQuad(escapeStart: lowStart)
                guard (0xDC00..<0xE000).contains(low) else {
                    throw error(
                        "high surrogate \\u\(hex(unit, digits: 4)) is followed by \\u\(hex(low, digits: 4)), not a low surrogate",
                        at: escapeStart)
                }
                scalar = Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
            case 0xDC00..<0xE000:
                throw error("lone low surrogate \\u\(hex(unit, digits: 4)) without a high surrogate before it", at: escapeStart)
            default:
                scalar = Unicode.Scalar(unit)
            }
            guard let scalar else { throw error("invalid \\u escape", at: escapeStart) }  // Unreachable after the checks above.
            scratch.append(contentsOf: UTF8.encode(scalar)!)
        default:
            throw error("invalid escape sequence '\\\(describeCharacter(byte))' in string", at: escapeStart)
        }
    }

    /// Reads the four hex digits of a `\u` escape.
    private mutating func parseHexQuad(escapeStart: Int) throws(JSONParseError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = peek() else { throw error("invalid \\u escape: expected 4 hexadecimal digits", at: escapeStart) }
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("invalid \\u escape: expected 4 hexadecimal digits", at: escapeStart)
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }

    /// Checks one UTF-8 sequence of two to four bytes (RFC 3629: no overlong forms, no
    /// surrogates, nothing above U+10FFFF) and moves past it.
    private mutating func skipMultiByteScalar() throws(JSONParseError) {
        let lead = bytes[position]
        let length: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; secondRange = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; secondRange = 0x80...0x9F
        case 0xF0: length = 4; secondRange = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; secondRange = 0x80...0x8F
        default: throw error("invalid UTF-8 byte 0x\(hex(lead, digits: 2))")
        }
        for offset in 1..<length {
            let allowed = offset == 1 ? secondRange : 0x80...0xBF
            guard position + offset < bytes.count, allowed.contains(bytes[position + offset]) else {
                throw error("invalid UTF-8 sequence starting with byte 0x\(hex(lead, digits: 2))")
            }
        }
        position += length
    }

    // MARK: Helpers

    private func peek() -> UInt8? {
        position < bytes.count ? bytes[position] : nil
    }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"): position += 1
            default: return
            }
        }
    }

    // Errors are built in these separate, never-inlined functions so that the recursive
    // parsing functions keep small stack frames (string interpolation is costly in debug builds).

    @inline(never)
    private func error(_ message: String, at offset: Int? = nil) -> JSONParseError {
        JSONParseError.at(offset ?? position, in: bytes, message)
    }

    /// An error naming the byte found at the current position: `prefix` `'x'` `suffix`.
    @inline(never)
    private func unexpected(prefix: StaticString, suffix: StaticString = "") -> JSONParseError {
        error("\(prefix)\(describeByte(at: position))\(suffix)")
    }

    @inline(never)
    private func duplicateKey(_ key: String, at offset: Int) -> JSONParseError {
        error("duplicate key \"\(key)\" in object; FHIR forbids repeated keys", at: offset)
    }

    /// How a found byte reads in a message: `'x'`, `end of input`, or a code for the invisible.
    private func describeByte(at offset: Int) -> String {
        guard offset < bytes.count else { return "end of input" }
        return "'\(describeCharacter(bytes[offset]))'"
    }

    private func describeCharacter(_ byte: UInt8) -> String {
        if byte >= 0x20 && byte < 0x7F { return String(UnicodeScalar(byte)) }
        return "\\x\(hex(byte, digits: 2))"
    }

    private func hex(_ value: some BinaryInteger, digits: Int) -> String {
        let text = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
