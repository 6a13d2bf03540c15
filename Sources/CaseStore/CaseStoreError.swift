/// An error the case store reports on purpose: a request it refuses, or a record it cannot find.
///
/// Other modules turn these into HTTP statuses and OperationOutcomes, so the ``Code`` values are
/// stable: match on ``code`` (`error.code == .denialWithoutReason`), never on ``message``.
///
/// Following swift-certificates' `CertificateError`, the code is a struct over a private enum,
/// so new codes can be added without breaking anyone's `switch`, and two errors are equal when
/// their codes are, which lets tests write `#expect(throws: CaseStoreError.caseNotFound)`-style
/// checks without repeating the wording.
public struct CaseStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, as a stable machine-readable code.
    public let code: Code
    /// What went wrong, in a sentence for a person (logs, OperationOutcome diagnostics).
    public let message: String
    /// The item the error is about, when it is about one (so a caller can point at it in the
    /// request it came from).
    public let itemSequence: Int?

    public init(_ code: Code, _ message: String, itemSequence: Int? = nil) {
        self.code = code
        self.message = message
        self.itemSequence = itemSequence
    }

    public var description: String { "\(code): \(message)" }

    public static func == (lhs: CaseStoreError, rhs: CaseStoreError) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    /// A stable error code. ``description`` (e.g. `denial-without-reason`) never changes once released.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Backing: String, Sendable, Hashable {
            case caseNotFound = "case-not-found"
            case itemNotFound = "item-not-found"
            case itemCancelled = "item-cancelled"
            case denialWithoutReason = "denial-without-reason"
            case invalidDecision = "invalid-decision"
            case invalidIntake = "invalid-intake"
            case invalidUpdate = "invalid-update"
            case updateRefused = "update-refused"
            case caseAlreadyDecided = "case-already-decided"
            case extensionAlreadyUsed = "extension-already-used"
            case extensionTooLong = "extension-too-long"
            case extensionNotPositive = "extension-not-positive"
            case extensionWithoutReason = "extension-without-reason"
            case extensionAfterDueTime = "extension-after-due-time"
            case unknownReference = "unknown-reference"
            case invalidRecord = "invalid-record"
            case messageNotFound = "message-not-found"
            case duplicateClient = "duplicate-client"
            case subscriptionNotFound = "subscription-not-found"
            case duplicateSubscription = "duplicate-subscription"
            case tokenIDAlreadyUsed = "token-id-already-used"
            case storageFailure = "storage-failure"
        }

        private let backing: Backing
        private init(_ backing: Backing) { self.backing = backing }

        public var description: String { backing.rawValue }

        /// No case has this id (or submitter and request identifier).
        public static let caseNotFound = Code(.caseNotFound)
        /// The case has no item with this sequence number.
        public static let itemNotFound = Code(.itemNotFound)
        /// The item was cancelled; nothing more can be decided on it.
        public static let itemCancelled = Code(.itemCancelled)
        /// A denial (A3), partial (A2) or modification (A6) without a coded reason and a sentence.
        public static let denialWithoutReason = Code(.denialWithoutReason)
        /// A decision the store cannot accept for another reason (e.g. pending a decided item again).
        public static let invalidDecision = Code(.invalidDecision)
        /// An intake with missing or malformed fields.
        public static let invalidIntake = Code(.invalidIntake)
        /// A Claim Update that does not fit the case (an item missing, added twice, unknown).
        public static let invalidUpdate = Code(.invalidUpdate)
        /// An update the case can no longer take: it was denied or withdrawn, or it changes a
        /// denied item.
        public static let updateRefused = Code(.updateRefused)
        /// The case is already decided, so its clock can no longer be extended.
        public static let caseAlreadyDecided = Code(.caseAlreadyDecided)
        /// The case's one extension has already been used.
        public static let extensionAlreadyUsed = Code(.extensionAlreadyUsed)
        /// The extension asks for more than 14 days.
        public static let extensionTooLong = Code(.extensionTooLong)
        /// The extension asks for zero or fewer days.
        public static let extensionNotPositive = Code(.extensionNotPositive)
        /// The extension has no recorded reason.
        public static let extensionWithoutReason = Code(.extensionWithoutReason)
        /// The due time has already passed; an extension must be taken before it.
        public static let extensionAfterDueTime = Code(.extensionAfterDueTime)
        /// A record points at a payer, member or plan the directory does not hold.
        public static let unknownReference = Code(.unknownReference)
        /// A directory record with missing or malformed fields.
        public static let invalidRecord = Code(.invalidRecord)
        /// A write that claims a JWT id (``TokenIDClaim``) found the id already used: a replay.
        public static let tokenIDAlreadyUsed = Code(.tokenIDAlreadyUsed)
        /// No outbox message has this id.
        public static let messageNotFound = Code(.messageNotFound)
        /// A client with this id is already registered.
        public static let duplicateClient = Code(.duplicateClient)
        /// No subscription has this id.
        public static let subscriptionNotFound = Code(.subscriptionNotFound)
        /// The owner already has a subscription to this topic.
        public static let duplicateSubscription = Code(.duplicateSubscription)
        /// The database failed underneath (disk, locking, corruption); usually worth a retry or a 503.
        public static let storageFailure = Code(.storageFailure)
    }
}

extension CaseStoreError {
    @inline(never)
    static func caseNotFound(_ id: String) -> CaseStoreError {
        CaseStoreError(.caseNotFound, "no case has the id \(id)")
    }

    @inline(never)
    static func itemNotFound(caseID: String, sequence: Int) -> CaseStoreError {
        CaseStoreError(.itemNotFound, "case \(caseID) has no item \(sequence)")
    }
}
