import FHIR
import Testing

/// An operation's Parameters read by name, with the primitive values as text.
struct ParametersInputTests {
    @Test func primitiveValuesReadAsTextAndOthersAreLeftOut() throws {
        let body: JSON = [
            "resourceType": "Parameters",
            "parameter": [
                ["name": "id", "valueId": "s-1"],
                ["name": "id", "valueId": "s-2"],
                ["name": "eventsSinceNumber", "valueString": "3"],
                ["name": "count", "valueInteger": 5],
                ["name": "flag", "valueBoolean": true],
                ["name": "coding", "valueCoding": ["code": "x"]],
                ["name": "resource", "resource": ["resourceType": "Patient"]],
            ],
        ]
        let input = try #require(ParametersInput(body))
        #expect(input.textValues == ["id": ["s-1", "s-2"], "eventsSinceNumber": ["3"], "count": ["5"], "flag": ["true"]])
        #expect(input.named(["resource"]).first?.path == "Parameters.parameter[6]")
        #expect(ParametersInput(["resourceType": "Patient"]) == nil)
    }
}
