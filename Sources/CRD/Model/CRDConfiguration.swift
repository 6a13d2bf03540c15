import FHIR

/// The client's `davinci-crd.configuration` request extension, read leniently: supported
/// options are honoured, unknown ones ignored, wrong types ignored (the guide: handle
/// nonsensical combinations gracefully, never require options).
public struct CRDConfiguration: Sendable, Hashable {
    /// Card types the client turned off (`"cost": false`), by card-type code.
    public var disabledCardTypes: Set<String>
    /// At most this many cards (`max-cards`); `nil` means the service default.
    public var maxCards: Int?
    /// `form-completion`: the client has no DTR, so form-completion cards (a Task to fill in the
    /// questionnaire) are wanted. Off unless the client turns it on.
    public var formCompletion: Bool

    public init(disabledCardTypes: Set<String> = [], maxCards: Int? = nil, formCompletion: Bool = false) {
        self.disabledCardTypes = disabledCardTypes
        self.maxCards = maxCards
        self.formCompletion = formCompletion
    }

    /// The option code of ``formCompletion``.
    public static let formCompletionOption = "form-completion"

    /// Reads `extension["davinci-crd.configuration"]` of a hook request (absent → defaults).
    public init(requestExtension: JSON?) {
        self.init()
        guard case .object(let options)? = requestExtension?["davinci-crd.configuration"] else { return }
        for (key, value) in options {
            if key == "max-cards" {
                if let count = value.int, count >= 0 { maxCards = count }
            } else if key == Self.formCompletionOption {
                if let flag = value.bool { formCompletion = flag }
            } else if value.bool == false {
                disabledCardTypes.insert(key)
            }
        }
    }

    public func allows(cardType: String) -> Bool { !disabledCardTypes.contains(cardType) }
}
