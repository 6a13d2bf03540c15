import FHIR

/// What `Claim/$submit` and `$inquire` send back: a status and one JSON body (a PAS response
/// Bundle, or one OperationOutcome for a request that cannot be answered).
public struct PASAnswer: Sendable {
    public var status: Int
    public var body: JSON

    public init(status: Int, body: JSON) {
        self.status = status
        self.body = body
    }

    static func refusal(_ status: Int, _ outcome: OperationOutcome) -> PASAnswer {
        PASAnswer(status: status, body: outcome.json)
    }
}
