/// Query clauses after the sources: `let`, `with`/`without … such that`, `where`, `return`, `sort`.
extension Parser {
    /// `from A a, B b …`
    mutating func parseMultiSourceQuery() throws(CQLError) -> ExpressionAST {
        let start = current.location
        try expect(word: "from")
        var sources: [QueryAST.Source] = []
        repeat { sources.append(try parseAliasedSource()) } while accept(symbol: ",")
        return ExpressionAST(.query(try parseQueryClauses(sources: sources)), at: start)
    }

    private mutating func parseAliasedSource() throws(CQLError) -> QueryAST.Source {
        let source = try parsePostfixTerm()
        guard Self.canBeQuerySource(source) else {
            throw CQLError("a query source must be a retrieve, a name or a parenthesized expression", at: source.location)
        }
        let at = current.location
        return QueryAST.Source(expression: source, alias: try expectIdentifier("an alias for the query source"), location: at)
    }

    mutating func parseQueryClauses(sources: [QueryAST.Source]) throws(CQLError) -> QueryAST {
        var query = QueryAST(sources: sources, lets: [], relationships: [], condition: nil, returnClause: nil, sort: nil)
        if accept(word: "let") {
            repeat {
                let name = try expectIdentifier("a let name")
                try expect(symbol: ":")
                query.lets.append((name, try parseExpression()))
            } while accept(symbol: ",")
        }
        while current.isWord("with") || current.isWord("without") {
            let without = advance().isWord("without")
            let source = try parseAliasedSource()
            try expect(word: "such")
            try expect(word: "that")
            query.relationships.append(QueryAST.Relationship(without: without, source: source, suchThat: try parseExpression()))
        }
        if accept(word: "where") { query.condition = try parseExpression() }
        if accept(word: "return") {
            let all = accept(word: "all")
            if !all { _ = accept(word: "distinct") }
            query.returnClause = (try parseExpression(), all)
        } else if current.isWord("aggregate") {
            throw CQLError("aggregate clauses are not supported by this translator", at: current.location)
        }
        if accept(word: "sort") {
            if let descending = sortDirection() {
                query.sort = .direction(descending: descending)
            } else {
                try expect(word: "by")
                var items: [QueryAST.SortItem] = []
                repeat {
                    let expression = try parseTerm(level: 0)
                    items.append(QueryAST.SortItem(expression: expression, descending: sortDirection() ?? false))
                } while accept(symbol: ",")
                query.sort = .by(items)
            }
        }
        return query
    }

    /// `asc`/`ascending` → false, `desc`/`descending` → true, anything else → nil (not consumed).
    private mutating func sortDirection() -> Bool? {
        if accept(word: "asc") || accept(word: "ascending") { return false }
        if accept(word: "desc") || accept(word: "descending") { return true }
        return nil
    }
}
