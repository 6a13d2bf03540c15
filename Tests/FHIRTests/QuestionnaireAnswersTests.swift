import Testing

@testable import FHIR

/// QuestionnaireResponse answers as policies read them.
@Suite struct QuestionnaireAnswersTests {
    @Test func answersAreReadByLinkIdWithNestedItemsAndSeveralAnswers() throws {
        let response = try JSON.parse(#"""
            {"resourceType": "QuestionnaireResponse", "status": "completed", "item": [
              {"linkId": "weeks", "answer": [{"valueInteger": 8}]},
              {"linkId": "red-flags", "answer": [{"valueCoding": {"code": "cauda-equina"}}, {"valueCoding": {"code": "fever"}}]},
              {"linkId": "group", "item": [
                {"linkId": "tried-pt", "answer": [{"valueBoolean": true, "item": [{"linkId": "pt-weeks", "answer": [{"valueDecimal": 6.5}]}]}]}
              ]},
              {"linkId": "weight", "answer": [{"valueQuantity": {"value": 82, "unit": "kg"}}]},
              {"linkId": "scan", "answer": [{"valueAttachment": {"contentType": "application/pdf"}}]},
              {"linkId": "unanswered"}
            ]}
            """#)
        let answers = response.questionnaireAnswers
        #expect(answers["weeks"] == 8)
        #expect(answers["red-flags"] == ["cauda-equina", "fever"])
        #expect(answers["tried-pt"] == true)
        #expect(answers["pt-weeks"] == .number(JSONNumber(literal: "6.5")!))
        #expect(answers["weight"] == 82)
        #expect(answers["scan"] == nil)
        #expect(answers["unanswered"] == nil)
        #expect(answers["group"] == nil)
    }
}
