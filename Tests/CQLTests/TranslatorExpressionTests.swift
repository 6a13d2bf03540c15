@testable import CQL
import FHIR
import Testing

/// One construct at a time, against the ELM the reference translator writes for it.
@Suite struct TranslatorExpressionTests {
    typealias T = CQLTestSupport
    static let string = "{urn:hl7-org:elm-types:r1}String"
    static let patient: JSON = ["type": "ExpressionRef", "name": "Patient"]

    @Test func literals() throws {
        #expect(try T.elm("'a'") == T.string("a"))
        #expect(try T.elm("12") == T.integer(12))
        #expect(try T.elm("12.50") == T.decimal("12.50"))
        #expect(try T.elm("true") == ["type": "Literal", "valueType": "{urn:hl7-org:elm-types:r1}Boolean", "value": "true"])
        #expect(try T.elm("null") == ["type": "Null"])
        #expect(try T.elm("5 'mg'") == ["type": "Quantity", "value": 5, "unit": "mg"])
        #expect(try T.elm("@2024-02-01") == ["type": "Date", "year": T.integer(2024), "month": T.integer(2), "day": T.integer(1)])
    }

    @Test func retrieveWithAValueSet() throws {
        #expect(try T.elm("[Observation: \"AHI\"]", declarations: "valueset \"AHI\": 'http://example.org/ValueSet/ahi'") == [
            "type": "Retrieve", "dataType": "{http://hl7.org/fhir}Observation", "templateId": "http://hl7.org/fhir/StructureDefinition/Observation",
            "codeProperty": "code", "codeComparator": "in", "codes": ["type": "ValueSetRef", "name": "AHI"],
        ])
    }

    @Test func retrieveWithACodeWrapsItInAList() throws {
        let elm = try T.elm("[Condition: \"C\"]", declarations: "codesystem \"S\": 'http://s'\ncode \"C\": '1' from \"S\"")
        #expect(elm["codes"] == ["type": "ToList", "operand": ["type": "CodeRef", "name": "C"]])
    }

    @Test func propertiesOfAnAliasUseScopeAndOfAnythingElseSource() throws {
        let elm = try T.elm("[Observation] O return O.status.value")
        #expect(elm["return"] == ["expression": ["type": "Property", "path": "value", "source": ["type": "Property", "path": "status", "scope": "O"]]])
        #expect(elm["relationship"] == [])
        #expect(try T.elm("Patient.birthDate.value") == [
            "type": "Property", "path": "value", "source": ["type": "Property", "path": "birthDate", "source": Self.patient],
        ])
    }

    @Test func aPropertyOfAListIsReadPerElement() throws {
        // HumanName.family is single: one $this query over the names.
        let names: JSON = ["type": "Property", "path": "name", "source": Self.patient]
        #expect(try T.elm("Patient.name.family") == T.eachProperty("family", of: names))
        // HumanName.given repeats: the query's lists are flattened.
        #expect(try T.elm("Patient.name.given") == ["type": "Flatten", "operand": T.eachProperty("given", of: names)])
        // And a property of that list is read per element again.
        let given: JSON = ["type": "Flatten", "operand": T.eachProperty("given", of: names)]
        #expect(try T.elm("Patient.name.given.value") == T.eachProperty("value", of: given))
    }

    @Test func asAndSortByAnIdentifierOfTheSortedElements() throws {
        let elm = try T.elm("[Observation] O sort by (effective as FHIR.dateTime).value desc")
        #expect(elm["sort"] == ["by": [[
            "type": "ByExpression", "direction": "desc",
            "expression": ["type": "Property", "path": "value", "source": [
                "type": "As", "strict": false, "operand": ["type": "IdentifierRef", "name": "effective"],
                "asTypeSpecifier": T.named("{http://hl7.org/fhir}dateTime"),
            ]],
        ]]])
        #expect(try T.elm("[Observation] O sort desc")["sort"] == ["by": [["type": "ByDirection", "direction": "desc"]]])
    }

    @Test func ifWithNullCastsTheNullToTheOtherBranchsType() throws {
        let elm = try T.elm("if Patient is null then null else 'x'")
        #expect(elm == [
            "type": "If", "condition": ["type": "IsNull", "operand": Self.patient],
            "then": ["type": "As", "asType": .string(Self.string), "operand": ["type": "Null"]], "else": T.string("x"),
        ])
    }

    @Test func codeInstances() throws {
        #expect(try T.elm("Code { system: 'http://s', code: 'c' }") == [
            "type": "Instance", "classType": "{urn:hl7-org:elm-types:r1}Code",
            "element": [["name": "system", "value": T.string("http://s")], ["name": "code", "value": T.string("c")]],
        ])
    }

    @Test func logicAndComparison() throws {
        let a = T.integer(1), b = T.integer(2)
        #expect(try T.elm("1 = 2 or not (1 != 2) and 1 < 2") == ["type": "Or", "operand": [
            ["type": "Equal", "operand": [a, b]],
            ["type": "And", "operand": [
                ["type": "Not", "operand": ["type": "NotEqual", "operand": [a, b]]],
                ["type": "Less", "operand": [a, b]],
            ]],
        ]])
        #expect(try T.elm("exists [Condition]") == ["type": "Exists", "operand": [
            "type": "Retrieve", "dataType": "{http://hl7.org/fhir}Condition", "templateId": "http://hl7.org/fhir/StructureDefinition/Condition",
        ]])
        #expect(try T.elm("Patient is not null") == ["type": "Not", "operand": ["type": "IsNull", "operand": Self.patient]])
    }

    @Test func membership() throws {
        let list: JSON = ["type": "List", "element": [T.string("a"), T.string("b")]]
        #expect(try T.elm("'a' in { 'a', 'b' }") == ["type": "In", "operand": [T.string("a"), list]])
        #expect(try T.elm("{ 'a', 'b' } contains 'a'") == ["type": "Contains", "operand": [list, T.string("a")]])
    }

    @Test func arithmeticAndStrings() throws {
        // An Integer meets a Decimal as a Decimal.
        #expect(try T.elm("1 + 2.5") == ["type": "Add", "operand": [["type": "ToDecimal", "operand": T.integer(1)], T.decimal("2.5")]])
        // `+` on strings concatenates; `&` also treats null as ''.
        #expect(try T.elm("'a' + 'b'") == ["type": "Concatenate", "operand": [T.string("a"), T.string("b")]])
        #expect(try T.elm("'a' & 'b'") == ["type": "Concatenate", "operand": [
            ["type": "Coalesce", "operand": [T.string("a"), T.string("")]], ["type": "Coalesce", "operand": [T.string("b"), T.string("")]],
        ]])
        #expect(try T.elm("Combine({ 'a', 'b' }, ', ')") == [
            "type": "Combine", "source": ["type": "List", "element": [T.string("a"), T.string("b")]], "separator": T.string(", "),
        ])
    }

    @Test func listOperators() throws {
        let retrieve: JSON = ["type": "Retrieve", "dataType": "{http://hl7.org/fhir}Condition", "templateId": "http://hl7.org/fhir/StructureDefinition/Condition"]
        #expect(try T.elm("First([Condition])") == ["type": "First", "source": retrieve])
        #expect(try T.elm("Last([Condition])") == ["type": "Last", "source": retrieve])
        let codings = try T.elm("flatten ([Condition] C return C.code.coding)")
        #expect(codings["type"] == "Flatten")
        #expect(codings["operand"]?["return"]?["expression"] == ["type": "Property", "path": "coding", "source": ["type": "Property", "path": "code", "scope": "C"]])
        #expect(try T.elm("singleton from [Condition]") == ["type": "SingletonFrom", "operand": retrieve])
    }

    @Test func dateFromAndStartsWith() throws {
        #expect(try T.elm("date from @2024-01-01T10:00:00")["type"] == "DateFrom")
        #expect(try T.elm("StartsWith('M87.0', 'M87')") == ["type": "StartsWith", "operand": [T.string("M87.0"), T.string("M87")]])
    }

    @Test func tuplesAndReturnAll() throws {
        let elm = try T.elm("[Condition] C return all { id: C.id.value }")
        #expect(elm["return"] == ["distinct": false, "expression": ["type": "Tuple", "element": [[
            "name": "id", "value": ["type": "Property", "path": "value", "source": ["type": "Property", "path": "id", "scope": "C"]],
        ]]]])
    }

    @Test func localFunctionCallsAreFunctionRefsWithoutALibrary() throws {
        let source = T.library("define function F(x Integer): x + 1\ndefine X: F(2)")
        #expect(try T.expression("X", in: source) == ["type": "FunctionRef", "name": "F", "operand": [T.integer(2)]])
    }
}
