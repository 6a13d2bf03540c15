import FHIR

/// What a DTR operation sends back: a status and one JSON body (the result, or one
/// OperationOutcome for a request that cannot be answered).
public struct DTRAnswer: Sendable {
    public var status: Int
    public var body: JSON

    public init(status: Int, body: JSON) {
        self.status = status
        self.body = body
    }

    static func refusal(_ status: Int, _ outcome: OperationOutcome) -> DTRAnswer {
        DTRAnswer(status: status, body: outcome.json)
    }

    /// 400 with one error issue at `expression`.
    static func badRequest(_ code: OperationOutcome.IssueType, _ message: String, at expression: String) -> DTRAnswer {
        refusal(400, .error(code, message, expression: [expression]))
    }
}
