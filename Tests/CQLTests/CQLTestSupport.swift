@testable import CQL
import FHIR
import Foundation
import Testing

/// Paths and helpers the CQL tests share.
enum CQLTestSupport {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let libraries = repository.appendingPathComponent("Questionnaires/libraries")

    static func shippedSource(_ name: String) throws -> String {
        try String(contentsOf: libraries.appendingPathComponent("\(name).cql"), encoding: .utf8)
    }

    /// A library with `using FHIR`, `context Patient` and the given declarations and statements.
    static func library(_ body: String, declarations: String = "") -> String {
        """
        library Test version '1.0.0'
        using FHIR version '4.0.1'
        \(declarations)
        context Patient
        \(body)
        """
    }

    /// The ELM of definition `name` (its `expression`) in `source`.
    static func expression(_ name: String, in source: String, includes: CQLTranslator.IncludeResolver = { _, _ in nil }) throws -> JSON {
        let elm = try CQLTranslator.translate(source, includes: includes).elm
        let statements = elm["library"]?["statements"]?["def"]?.array ?? []
        return try #require(statements.first { $0["name"]?.string == name }?["expression"], "no definition \(name)")
    }

    /// The ELM of `define X: <expression>` in a FHIR Patient-context library.
    static func elm(_ expression: String, declarations: String = "") throws -> JSON {
        try self.expression("X", in: library("define X:\n  \(expression)", declarations: declarations))
    }

    /// The error translating `source`; fails the test when it translates.
    static func error(_ source: String, includes: CQLTranslator.IncludeResolver = { _, _ in nil }) -> CQLError? {
        do {
            _ = try CQLTranslator.translate(source, includes: includes)
            Issue.record("expected an error, but it translated")
            return nil
        } catch {
            return error
        }
    }

    static func string(_ value: String) -> JSON {
        ["type": "Literal", "valueType": "{urn:hl7-org:elm-types:r1}String", "value": .string(value)]
    }

    static func integer(_ value: Int) -> JSON {
        ["type": "Literal", "valueType": "{urn:hl7-org:elm-types:r1}Integer", "value": .string(String(value))]
    }

    static func decimal(_ value: String) -> JSON {
        ["type": "Literal", "valueType": "{urn:hl7-org:elm-types:r1}Decimal", "value": .string(value)]
    }

    static func named(_ qualified: String) -> JSON { ["type": "NamedTypeSpecifier", "name": .string(qualified)] }

    /// The `$this` query the reference translator writes for a property of a list.
    static func eachProperty(_ path: String, of source: JSON) -> JSON {
        let value: JSON = ["type": "Property", "path": .string(path), "source": ["type": "AliasRef", "name": "$this"]]
        return [
            "type": "Query", "source": [["alias": "$this", "expression": source]],
            "where": ["type": "Not", "operand": ["type": "IsNull", "operand": value]],
            "return": ["distinct": false, "expression": value],
        ]
    }
}
