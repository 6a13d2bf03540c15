/// The Da Vinci PAS versions Greenlight answers in, and the differences between them that the
/// response builders need.
///
/// Read from the IG sources (`HL7/davinci-pas`, tags 2.0.1, 2.1.0, 2.2.1, `ClaimResponse.fsh`
/// and `ClaimOperation.fsh`) and the published examples in `Fixtures/ig-examples/pas`.
/// Profile URLs are the same in every version (unversioned canonicals), so they are not here.
public enum PASVersion: String, Sendable, Hashable, CaseIterable {
    case v2_0_1 = "2.0.1"
    case v2_1 = "2.1.0"
    case v2_2 = "2.2.1"

    /// A version as a setting names it: the full number (`2.1.0`) or its minor (`2.1`).
    public init?(setting: String) {
        switch setting.trimmingCharacters(in: .whitespaces) {
        case "2.0", "2.0.1": self = .v2_0_1
        case "2.1", "2.1.0": self = .v2_1
        case "2.2", "2.2.0", "2.2.1": self = .v2_2
        default: return nil
        }
    }

    /// How `Claim/$inquire` answers.
    public enum InquiryAnswerShape: Sendable, Hashable {
        /// 2.0.1 and 2.1: one Bundle holding 0..* ClaimResponses and what they reference.
        case singleBundle
        /// 2.2: a Parameters resource with one Bundle per matched prior authorization.
        case parametersOfBundles
    }

    /// How `ClaimResponse.error.extension-errorElement` carries the X12 loop/segment/element.
    public enum ErrorElementShape: Sendable, Hashable {
        /// 2.0.1 and 2.1: `valueString`.
        case valueString
        /// 2.2: a complex extension with sub-extensions `error` (string) and `processNote`
        /// (positiveInt), as in `Bundle-ErrorResponseBundleExample`.
        case subExtensions
    }

    public var inquiryAnswerShape: InquiryAnswerShape {
        self == .v2_2 ? .parametersOfBundles : .singleBundle
    }

    public var errorElementShape: ErrorElementShape {
        self == .v2_2 ? .subExtensions : .valueString
    }

    /// Whether the ClaimResponse profile has the header extension `claimResponseReviewer`
    /// (wasHumanReviewedFlag, reviewerNPI, reviewerSpecialty): added in 2.2.
    public var hasClaimResponseReviewer: Bool { self == .v2_2 }
}
