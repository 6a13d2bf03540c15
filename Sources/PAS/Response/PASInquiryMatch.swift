import CaseStore
import FHIR

/// One prior authorization an inquiry found: the request Bundle it was opened from (or last
/// updated by) and the case as it stands.
public struct PASInquiryMatch: Sendable {
    public var requestBundle: JSON
    public var detail: CaseDetail

    public init(requestBundle: JSON, detail: CaseDetail) {
        self.requestBundle = requestBundle
        self.detail = detail
    }
}
