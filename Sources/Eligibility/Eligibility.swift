import CaseStore

/// Who a request is about, as far as the payer can tell: a member with coverage in force, or why
/// not. Each API answers the second case its own way (CRD: 200 with `not-covered`; PAS: a
/// business error in the ClaimResponse).
public enum Eligibility: Sendable {
    case member(MemberContext)
    case ineligible(Ineligibility, coverage: ClientCoverage?, payer: Payer?)

    public enum Ineligibility: Sendable, Hashable {
        /// No Coverage in force: none sent, only inactive ones, or ours has lapsed.
        case noActiveCoverage
        /// No member of ours matches the Coverage's member identifiers.
        case memberNotFound
    }

    public var clientCoverage: ClientCoverage? {
        switch self {
        case .member(let member): member.clientCoverage
        case .ineligible(_, let coverage, _): coverage
        }
    }

    public var payer: Payer? {
        switch self {
        case .member(let member): member.payer
        case .ineligible(_, _, let payer): payer
        }
    }
}

/// A Coverage problem the client must fix (CRD answers 400; PAS an error): the request cannot
/// be answered for any member until it does.
public enum CoverageProblem: Error, Sendable, Hashable {
    /// Several active Coverages of payers served here (labels of each).
    case severalActiveCoverages([String])
    /// An active Coverage that names no payer identifier (its label).
    case noPayerIdentifier(String)
    /// Active Coverages only of payers not served here (their identifiers, `system|value`).
    case payerNotServed([String])
    /// The store could not be read (the service's problem, never the client's).
    case storeUnavailable(String)

    /// The problem in a sentence for the client.
    public var message: String {
        switch self {
        case .severalActiveCoverages(let labels):
            "several active Coverages of payers this service serves (\(labels.joined(separator: ", "))); exactly one is expected"
        case .noPayerIdentifier(let label):
            "\(label) names no payer identifier (Coverage.payor.identifier, or an identifier on the payor Organization)"
        case .payerNotServed(let identifiers):
            "this service does not serve the payer of the patient's active Coverage (\(identifiers.joined(separator: ", ")))"
        case .storeUnavailable:
            "the payer directory could not be read; try again"
        }
    }
}
