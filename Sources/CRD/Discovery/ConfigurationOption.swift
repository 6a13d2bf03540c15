import FHIR

/// One entry of discovery's `davinci-crd.configuration-options`: an option a client may set in
/// its request's `davinci-crd.configuration`.
public struct ConfigurationOption: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case boolean, integer
    }

    public var code: String
    public var type: Kind
    public var name: String
    public var description: String
    public var defaultValue: JSON

    public init(code: String, type: Kind, name: String, description: String, defaultValue: JSON) {
        self.code = code
        self.type = type
        self.name = name
        self.description = description
        self.defaultValue = defaultValue
    }

    /// The switch for one card type (CRD: a boolean per card type the service can return,
    /// false meaning never return it).
    public static func cardType(_ type: CardType) -> ConfigurationOption {
        ConfigurationOption(code: type.rawValue, type: .boolean, name: type.display, description: type.optionDescription, defaultValue: true)
    }

    /// `form-completion`, off by default: a client without DTR turns it on to get
    /// form-completion cards (CRD: only when DTR is unavailable).
    public static let formCompletion = ConfigurationOption(
        code: CRDConfiguration.formCompletionOption, type: .boolean, name: "Form completion (no DTR)",
        description: "The client has no DTR: send a card whose suggestion adds a task to complete the payer's documentation questionnaire",
        defaultValue: false)

    /// `max-cards`: the most cards one response carries; the most important are kept.
    public static let maxCards = ConfigurationOption(
        code: "max-cards", type: .integer, name: "Maximum cards",
        description: "The most cards a response carries; payment risks come first, then instructions, policy links, alternatives, additional orders and form completion",
        defaultValue: .number(JSONNumber(10)))

    public var json: JSON {
        [
            "code": .string(code), "type": .string(type.rawValue), "name": .string(name),
            "description": .string(description), "default": defaultValue,
        ]
    }
}
