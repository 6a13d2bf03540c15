/// A business error a PAS answer reports in `ClaimResponse.error` (a request that is
/// well-formed but cannot be acted on), as X12 278 reports it in an AAA segment.
///
/// Structural and validation failures are not business errors: they answer with an
/// OperationOutcome and a 4xx status instead.
public struct PASErrorCondition: Sendable, Hashable {
    /// X12 901, Reject Reason Code (AAA03).
    public var rejectReason: String
    /// The X12 loop, segment and element the error is about (e.g. `2010C-NM109`).
    public var element: String?
    /// FHIRPath from the request Bundle's root to the element (e.g. `Bundle.entry[4].resource.identifier[0]`).
    public var path: String?
    /// X12 889, Follow-up Action Code (AAA04).
    public var followupAction: String?

    public init(rejectReason: String, element: String? = nil, path: String? = nil, followupAction: String? = nil) {
        self.rejectReason = rejectReason
        self.element = element
        self.path = path
        self.followupAction = followupAction
    }
}

// The codes below are X12's, which are licensed. Their meanings are taken from public
// references (payers' published X12 278 companion guides, the AAA segment tables), not from
// the X12 list itself; check them against a licensed copy before relying on the text.
extension PASErrorCondition {
    /// X12 889 `C`: Please Correct and Resubmit.
    public static let correctAndResubmit = "C"
    /// X12 889 `N`: Resubmission Not Allowed.
    public static let resubmissionNotAllowed = "N"

    /// The member is not known: X12 901 `75` "Subscriber/Insured Not Found", about the
    /// subscriber's member id (2010C-NM109).
    public static func memberNotFound(path: String? = nil) -> PASErrorCondition {
        PASErrorCondition(rejectReason: "75", element: "2010C-NM109", path: path, followupAction: correctAndResubmit)
    }

    /// The member has no coverage in force with this plan for the service dates: X12 901 `78`
    /// "Subscriber/Insured Not in Group/Plan Identified" (2010C-NM109).
    public static func coverageNotActive(path: String? = nil) -> PASErrorCondition {
        PASErrorCondition(rejectReason: "78", element: "2010C-NM109", path: path, followupAction: correctAndResubmit)
    }

    /// The requesting provider is not on file: X12 901 `51` "Provider Not on File", about the
    /// requester's identifier (2010B-NM109).
    public static func providerNotRecognized(path: String? = nil) -> PASErrorCondition {
        PASErrorCondition(rejectReason: "51", element: "2010B-NM109", path: path, followupAction: correctAndResubmit)
    }

    /// An update of a request that was denied: PAS lets the payer refuse updates and ask for a
    /// new request, and denied requests cannot be updated (§1.5). X12 has no code for "this
    /// authorization can no longer be changed"; `33` "Input Errors" is the general one the
    /// service-level AAA accepts, with follow-up `N` (do not resubmit this update; send a new
    /// request), about the certification type (2000F-UM02).
    public static func updateOfDeniedRequest(path: String? = nil) -> PASErrorCondition {
        PASErrorCondition(rejectReason: "33", element: "2000F-UM02", path: path, followupAction: resubmissionNotAllowed)
    }

    /// A Claim Update of a request the payer has no record of from this submitter: X12 901
    /// `AA` "Authorization Number Not Found" (the 278 names the earlier request by its
    /// authorization or trace number), follow-up `C`.
    public static func priorRequestNotFound(path: String? = nil) -> PASErrorCondition {
        PASErrorCondition(rejectReason: "AA", path: path, followupAction: correctAndResubmit)
    }

    /// An update of a request the submitter withdrew: nothing is left to change; send a new
    /// request. Coded like ``updateOfDeniedRequest(path:)``.
    public static func updateOfWithdrawnRequest(path: String? = nil) -> PASErrorCondition {
        PASErrorCondition(rejectReason: "33", element: "2000F-UM02", path: path, followupAction: resubmissionNotAllowed)
    }
}
