@testable import CQL
import Testing

/// Precedence and shape of parsed expressions, shown as s-expressions.
@Suite struct ParserTests {
    static func shown(_ source: String) throws -> String { render(try Parser.expression(source)) }

    static func render(_ expression: ExpressionAST) -> String {
        switch expression.kind {
        case .literal(let literal):
            switch literal {
            case .null: return "null"
            case .boolean(let value): return "\(value)"
            case .string(let text): return "'\(text)'"
            case .number(let text): return text
            case .quantity(let value, let unit): return "\(value)'\(unit)'"
            case .dateTime(let text): return "@\(text)"
            }
        case .identifier(let name): return name
        case .member(let source, let name): return "\(render(source)).\(name)"
        case .call(let qualifier, let name, let arguments):
            return "\(qualifier.map { render($0) + "." } ?? "")\(name)(\(arguments.map(render).joined(separator: " ")))"
        case .index(let source, let index): return "\(render(source))[\(render(index))]"
        case .retrieve(let retrieve): return "[\(retrieve.type)\(retrieve.terminology.map { ": " + render($0) } ?? "")]"
        case .query(let query):
            var parts = query.sources.map { "\(render($0.expression)) \($0.alias)" }
            if let condition = query.condition { parts.append("where \(render(condition))") }
            if let (value, all) = query.returnClause { parts.append("return\(all ? " all" : "") \(render(value))") }
            if case .by(let items)? = query.sort { parts.append("sort by " + items.map { render($0.expression) + ($0.descending ? " desc" : "") }.joined(separator: ", ")) }
            return "{query \(parts.joined(separator: " "))}"
        case .unary(let op, let operand): return "(\(op.rawValue) \(render(operand)))"
        case .binary(let op, let left, let right): return "(\(op.rawValue) \(render(left)) \(render(right)))"
        case .typeTest(let op, let operand, _): return "(\(op.rawValue) \(render(operand)) T)"
        case .extract(let component, let operand): return "(\(component) from \(render(operand)))"
        case .ifThenElse(let c, let t, let e): return "(if \(render(c)) \(render(t)) \(render(e)))"
        case .caseOf(_, let items, let otherwise): return "(case \(items.map { render($0.0) + " " + render($0.1) }.joined(separator: " ")) \(render(otherwise)))"
        case .list(_, let elements): return "{\(elements.map(render).joined(separator: " "))}"
        case .tuple(let elements): return "(tuple \(elements.map { "\($0.0): \(render($0.1))" }.joined(separator: " ")))"
        case .instance(let type, let elements): return "(\(type) \(elements.map { "\($0.0): \(render($0.1))" }.joined(separator: " ")))"
        case .codeSelector(let code, let system, _): return "(Code '\(code)' \(system))"
        case .interval(let low, _, let high, _): return "(Interval \(render(low)) \(render(high)))"
        case .parenthesized(let inner): return render(inner)
        }
    }

    @Test(arguments: [
        ("1 + 2 * 3", "(+ 1 (* 2 3))"),
        ("1 - 2 - 3", "(- (- 1 2) 3)"),
        ("2 ^ 3 * 4", "(* (^ 2 3) 4)"),
        ("-x.y + 1", "(+ (- x.y) 1)"),
        ("a or b and c", "(or a (and b c))"),
        ("a = 1 and b != 2 or c", "(or (and (= a 1) (!= b 2)) c)"),
        ("x in { 'a', 'b' } and y", "(and (in x {'a' 'b'}) y)"),
        ("a < b = true", "(= (< a b) true)"),
        ("x is null or y is not null", "(or (is null x) (is not null y))"),
        ("not x is null", "(not (is null x))"),
        ("exists (L) and y", "(and (exists L) y)"),
        ("(v as FHIR.Quantity).value.value", "(as v T).value.value"),
        ("date from (e as FHIR.dateTime).value", "(date from (as e T).value)"),
        ("year from d + 1", "(+ (year from d) 1)"),
        ("L contains 'a' or L contains 'b'", "(or (contains L 'a') (contains L 'b'))"),
        ("if a then 1 else if b then 2 else 3", "(if a 1 (if b 2 3))"),
        ("flatten (L X return X.y)", "(flatten {query L X return X.y})"),
        ("Common.MostRecent([Observation: \"VS\"])", "Common.MostRecent([Observation: VS])"),
        ("Code { system: 's', code: 'c' }", "(Code system: 's' code: 'c')"),
        ("{ a: 1, b: 'x' }", "(tuple a: 1 b: 'x')"),
        ("5 'mg' + 3 days", "(+ 5'mg' 3'days')"),
        ("a & b | c", "(union (& a b) c)"),
    ])
    func precedence(_ source: String, _ expected: String) throws {
        #expect(try Self.shown(source) == expected)
    }

    @Test func queriesStartWithASourceAndAnAlias() throws {
        #expect(try Self.shown("Patient.name N where N.use.value = 'official' return N.family")
            == "{query Patient.name N where (= N.use.value 'official') return N.family}")
        #expect(try Self.shown("(observations O where O.status.value in { 'final' } sort by (effective as FHIR.dateTime).value desc)")
            == "{query observations O where (in O.status.value {'final'}) sort by (as effective T).value desc}")
        #expect(try Self.shown("[Condition] C return all C.code") == "{query [Condition] C return all C.code}")
        // The where clause takes the whole `or`, as the grammar's greedy expression does.
        #expect(try Self.shown("L X where a or b") == "{query L X where (or a b)}")
        // A call is not a query source, so `F(x) y` is not a query.
        #expect(throws: CQLError.self) { try Self.shown("F(x) y") }
    }

    @Test func declarationsComeBeforeStatementsInAnyOrder() throws {
        let library = try Parser.library("""
            library L version '1'
            using FHIR version '4.0.1'
            valueset "V": 'http://v'
            codesystem "S": 'http://s'
            code "C": '1' from "S" display 'one'
            context Patient
            define A: 1
            define function F(x Integer) returns Integer: x
            """)
        #expect(library.name == "L")
        #expect(library.valueSets.map(\.name) == ["V"])
        #expect(library.codes.first?.display == "one")
        #expect(library.expressions.map(\.name) == ["A"])
        #expect(library.functions.first?.operands.map(\.name) == ["x"])
        let late = CQLTestSupport.error("library L\ncontext Patient\ndefine A: 1\nvalueset \"V\": 'http://v'")
        #expect(late?.location.description == "4:1")
        #expect(late?.message.contains("must come before the first context or define") == true)
    }

    @Test(arguments: [
        ("library L\ndefine X: (1 + 2", "2:17", "expected ')'"),
        ("library L\ndefine X 1", "2:10", "expected ':'"),
        ("library L\ndefine X: if a then 1", "2:22", "expected 'else'"),
        ("library L\ndefine X: 1 +", "2:14", "expected an expression"),
        ("library L\ndefine function F(x): x", "2:20", "expected a type name"),
        ("library L\ndefine X: a during b", "2:13", "'during' is not supported"),
    ])
    func syntaxErrorsSayWhereAndWhat(_ source: String, _ location: String, _ message: String) {
        let error = CQLTestSupport.error(source)
        #expect(error?.location.description == location, "\(String(describing: error))")
        #expect(error?.message.contains(message) == true, "\(String(describing: error))")
    }
}

/// Hostile input is an error, not a crash.
@Suite struct ParserLimitTests {
    @Test func deepNestingIsAnError() {
        let error = CQLTestSupport.error("library L\ndefine X: " + String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000))
        #expect(error?.message.contains("nested more than 100 levels") == true)
        let negations = CQLTestSupport.error("library L\ndefine X: " + String(repeating: "- ", count: 5000) + "1")
        #expect(negations?.message.contains("nested more than 100 levels") == true)
    }

    @Test func oddButHarmlessInputTranslatesOrFailsCleanly() {
        for source in ["", "library", "library L version", "define", "define X:", "library L\ndefine X: singleton from null", "library L\ndefine X: [", "library L\ndefine X: {"] {
            do {
                _ = try CQLTranslator.translate(source)
            } catch {
                #expect(!error.message.isEmpty)
            }
        }
    }
}
