/// Type specifiers: `FHIR.Observation`, `String`, `List<T>`, `Interval<T>`, `Tuple { a T }`, `Choice<A, B>`.
extension Parser {
    mutating func parseTypeSpecifier() throws(CQLError) -> TypeSpecifierAST {
        let start = current.location
        if current.isWord("List") || current.isWord("Interval"), peek(1).isSymbol("<") {
            let isList = advance().isWord("List")
            advance()
            let element = try parseTypeSpecifier()
            try expect(symbol: ">")
            return isList ? .list(element, start) : .interval(element, start)
        }
        if current.isWord("Choice"), peek(1).isSymbol("<") {
            advance()
            advance()
            var choices: [TypeSpecifierAST] = []
            repeat { choices.append(try parseTypeSpecifier()) } while accept(symbol: ",")
            try expect(symbol: ">")
            return .choice(choices, start)
        }
        if current.isWord("Tuple"), peek(1).isSymbol("{") {
            advance()
            advance()
            var elements: [(String, TypeSpecifierAST)] = []
            if !current.isSymbol("}") {
                repeat {
                    let name = try expectIdentifier("a tuple element name")
                    elements.append((name, try parseTypeSpecifier()))
                } while accept(symbol: ",")
            }
            try expect(symbol: "}")
            return .tuple(elements, start)
        }
        return .named(try parseQualifiedName("a type name"), start)
    }
}
