/// A case together with its items, as one consistent read or the result of one write.
public struct CaseDetail: Sendable, Hashable, Codable {
    public var paCase: PACase
    public var items: [CaseItem]

    public init(paCase: PACase, items: [CaseItem]) {
        self.paCase = paCase
        self.items = items
    }
}

/// What ``CaseStore/openCase(_:)`` did.
public struct CaseIntakeResult: Sendable, Hashable {
    public var paCase: PACase
    public var items: [CaseItem]
    /// `false` when the same submitter had already sent this request identifier: the existing
    /// case is returned unchanged and the caller must not adjudicate it again.
    public var created: Bool

    public init(paCase: PACase, items: [CaseItem], created: Bool) {
        self.paCase = paCase
        self.items = items
        self.created = created
    }
}
