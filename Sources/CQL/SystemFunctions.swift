import FHIR

/// The CQL system functions this translator knows, called by name: each checks its arguments'
/// count and types and writes the ELM node with the operand names the ELM schema gives it
/// (`source` for list operators, `operand` otherwise, named operands for `Combine`, `Split`, …).
enum SystemFunctions {
    /// `nil` when `name` is not a system function.
    static func call(_ name: String, _ values: [Typed], arguments: [ExpressionAST], translator: LibraryTranslator, at location: SourceLocation) throws(CQLError) -> Typed? {
        func arity(_ counts: ClosedRange<Int>) throws(CQLError) {
            guard counts.contains(values.count) else {
                let expected = counts.lowerBound == counts.upperBound ? "\(counts.lowerBound)" : "\(counts.lowerBound) to \(counts.upperBound)"
                throw CQLError("\(name) takes \(expected) argument\(expected == "1" ? "" : "s"), not \(values.count)", at: location)
            }
        }
        func argument(_ index: Int, _ type: DataType) throws(CQLError) -> Typed {
            try translator.coerce(values[index], to: type, at: arguments[index].location, what: "argument \(index + 1) of \(name)")
        }
        func list(_ index: Int = 0) throws(CQLError) -> (Typed, DataType) {
            let value = values[index]
            if value.isNullLiteral { return (value, .any) }
            guard let element = value.type.elementType else {
                throw CQLError("argument \(index + 1) of \(name) must be a list, but this is \(value.type)", at: arguments[index].location)
            }
            return (value, element)
        }
        func numeric(_ index: Int) throws(CQLError) -> Typed {
            let value = values[index]
            guard value.type.isNumeric || value.type == .quantity || value.isNullLiteral else {
                throw CQLError("argument \(index + 1) of \(name) must be a number, but this is \(value.type)\(LibraryTranslator.hint(value.type, .decimal))", at: arguments[index].location)
            }
            return value
        }

        switch name {
        case "First", "Last":
            try arity(1...1)
            let (source, element) = try list()
            return Typed(ELM.node(name, [("source", source.elm)]), element)
        case "Count":
            try arity(1...1)
            return Typed(ELM.node(name, [("source", try list().0.elm)]), .integer)
        case "Sum", "Min", "Max", "Avg", "Median", "Mode":
            try arity(1...1)
            let (source, element) = try list()
            guard element.isOrdered || element == .any else { throw CQLError("\(name) needs a list of numbers or quantities, not of \(element)", at: location) }
            let type: DataType = (name == "Avg" || name == "Median") && element == .integer ? .decimal : element
            return Typed(ELM.node(name, [("source", source.elm)]), type)
        case "AllTrue", "AnyTrue":
            try arity(1...1)
            let source = try translator.coerce(values[0], to: .list(.boolean), at: arguments[0].location, what: "argument 1 of \(name)")
            return Typed(ELM.node(name, [("source", source.elm)]), .boolean)
        case "Exists", "Distinct", "SingletonFrom":
            try arity(1...1)
            let (source, element) = try list()
            let type: DataType = name == "Exists" ? .boolean : (name == "Distinct" ? source.type : element)
            return Typed(ELM.unary(name, source.elm), type)
        case "Flatten":
            try arity(1...1)
            let (source, element) = try list()
            guard let inner = element.elementType else { throw CQLError("Flatten needs a list of lists, not \(source.type)", at: location) }
            return Typed(ELM.unary(name, source.elm), .list(inner))
        case "IndexOf":
            try arity(2...2)
            let (source, element) = try list()
            return Typed(ELM.node(name, [("source", source.elm), ("element", try argument(1, element).elm)]), .integer)
        case "Combine":
            try arity(1...2)
            let source = try argument(0, .list(.string))
            let separator = values.count == 2 ? try argument(1, .string).elm : nil
            return Typed(ELM.node(name, [("source", source.elm), ("separator", separator)]), .string)
        case "Split":
            try arity(2...2)
            return Typed(ELM.node(name, [("stringToSplit", try argument(0, .string).elm), ("separator", try argument(1, .string).elm)]), .list(.string))
        case "StartsWith", "EndsWith", "Matches":
            try arity(2...2)
            return Typed(ELM.nary(name, [try argument(0, .string).elm, try argument(1, .string).elm]), .boolean)
        case "ReplaceMatches":
            try arity(3...3)
            return Typed(ELM.nary(name, [try argument(0, .string).elm, try argument(1, .string).elm, try argument(2, .string).elm]), .string)
        case "Upper", "Lower":
            try arity(1...1)
            return Typed(ELM.unary(name, try argument(0, .string).elm), .string)
        case "Length":
            try arity(1...1)
            if values[0].type.isList { return Typed(ELM.unary(name, values[0].elm), .integer) }
            return Typed(ELM.unary(name, try argument(0, .string).elm), .integer)
        case "Substring":
            try arity(2...3)
            let length = values.count == 3 ? try argument(2, .integer).elm : nil
            return Typed(ELM.node(name, [
                ("stringToSub", try argument(0, .string).elm), ("startIndex", try argument(1, .integer).elm), ("length", length),
            ]), .string)
        case "PositionOf", "LastPositionOf":
            try arity(2...2)
            return Typed(ELM.node(name, [("pattern", try argument(0, .string).elm), ("string", try argument(1, .string).elm)]), .integer)
        case "Coalesce":
            try arity(1...5)
            if values.count == 1, let element = values[0].type.elementType {
                return Typed(ELM.nary(name, [values[0].elm]), element)
            }
            let unified = try translator.unifyAll(values, at: location, what: "the arguments of Coalesce")
            return Typed(ELM.nary(name, unified.map(\.elm)), unified.first { !$0.isNullLiteral }?.type ?? .any)
        case "IsNull":
            try arity(1...1)
            return Typed(ELM.unary(name, values[0].elm), .boolean)
        case "IsTrue", "IsFalse", "Not":
            try arity(1...1)
            return Typed(ELM.unary(name, try argument(0, .boolean).elm), .boolean)
        case "ToString":
            try arity(1...1)
            guard case .system = values[0].type else {
                throw CQLError("ToString converts System values, not \(values[0].type)\(LibraryTranslator.hint(values[0].type, .string))", at: arguments[0].location)
            }
            return Typed(ELM.unary(name, values[0].elm), .string)
        case "ToInteger", "ToDecimal", "ToBoolean", "ToDate", "ToDateTime", "ToTime", "ToQuantity":
            try arity(1...1)
            guard case .system = values[0].type else {
                throw CQLError("\(name) converts System values, not \(values[0].type)\(LibraryTranslator.hint(values[0].type, .string))", at: arguments[0].location)
            }
            return Typed(ELM.unary(name, values[0].elm), .system(String(name.dropFirst(2))))
        case "Abs", "Ceiling", "Floor", "Truncate", "Ln", "Exp":
            try arity(1...1)
            let value = try numeric(0)
            let type: DataType = ["Ceiling", "Floor", "Truncate"].contains(name) ? .integer : (["Ln", "Exp"].contains(name) ? .decimal : value.type)
            let operand = ["Ln", "Exp", "Ceiling", "Floor", "Truncate"].contains(name) && value.type == .integer ? ELM.unary("ToDecimal", value.elm) : value.elm
            return Typed(ELM.unary(name, operand), type)
        case "Round":
            try arity(1...2)
            let value = try argument(0, .decimal)
            let precision = values.count == 2 ? try argument(1, .integer).elm : nil
            return Typed(ELM.node(name, [("operand", value.elm), ("precision", precision)]), .decimal)
        case "Today", "Now", "TimeOfDay":
            try arity(0...0)
            return Typed(ELM.node(name), name == "Today" ? .date : (name == "Now" ? .dateTime : .time))
        case "Date", "DateTime":
            try arity(1...(name == "Date" ? 3 : 8))
            let components = ["year", "month", "day", "hour", "minute", "second", "millisecond", "timezoneOffset"]
            var members: [(String, JSON?)] = []
            for index in values.indices {
                members.append((components[index], try argument(index, index == 7 ? .decimal : .integer).elm))
            }
            return Typed(ELM.node(name, members), name == "Date" ? .date : .dateTime)
        default:
            return nil
        }
    }
}
