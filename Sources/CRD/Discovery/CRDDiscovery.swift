import FHIR

/// The `GET /cds-services` document: one service per hook, each with its prefetch templates
/// and CRD configuration options. The same for every caller, so built once.
public struct CRDDiscovery: Sendable, Hashable {
    public struct Service: Sendable, Hashable {
        public var hook: HookName
        public var title: String
        public var description: String
        public var prefetch: [PrefetchTemplate]
        public var usageRequirements: String
        public var options: [ConfigurationOption]

        public var id: String { hook.serviceID }

        public var json: JSON {
            [
                "hook": .string(hook.rawValue),
                "title": .string(title),
                "description": .string(description),
                "id": .string(id),
                "prefetch": .object(JSONObject(prefetch.map { ($0.key, .string($0.query)) })),
                "usageRequirements": .string(usageRequirements),
                "extension": [
                    "davinci-crd.configuration-options": .array(options.map(\.json)),
                    // CRD 2.2 names the version a service implements; 2.1 clients ignore
                    // unknown extension keys, 2.2 clients learn we speak 2.1.
                    "davinci-crd.version": .string(CRDCodes.version),
                ],
            ]
        }
    }

    public var services: [Service]

    /// The six hooks' services; `payerName` goes into titles ("UnitedCare Health coverage
    /// requirements for order-sign").
    public init(payerName: String = "Greenlight") {
        services = HookName.allCases.map { hook in
            Service(
                hook: hook, title: "\(payerName) coverage requirements (\(hook.rawValue))",
                description: Self.description(of: hook), prefetch: PrefetchCatalog.templates(for: hook),
                usageRequirements: Self.usageRequirements, options: Self.options(for: hook))
        }
    }

    public var json: JSON { ["services": .array(services.map(\.json))] }

    /// Card types each hook's service can return.
    static func cardTypes(for hook: HookName) -> [CardType] {
        switch hook {
        case .orderSign, .orderSelect, .orderDispatch, .appointmentBook:
            [.coverageInfo, .insurance, .therapyAlternativesOpt, .clinicalReminder]
        // No orders: only a coverage problem is worth a card.
        case .encounterStart, .encounterDischarge:
            [.insurance]
        }
    }

    static func options(for hook: HookName) -> [ConfigurationOption] {
        var options = cardTypes(for: hook).map(ConfigurationOption.cardType)
        if hook.isPrimary { options.append(.formCompletion) }
        options.append(.maxCards)
        return options
    }

    static let usageRequirements =
        "Call with a CDS Hooks JWT (ES384 or RS384) from a registered client. Send exactly one active Coverage of a payer "
        + "this service serves (prefetch key \"coverage\", or let the service read it with fhirAuthorization); none in force "
        + "is answered as not covered, several or a foreign payer are rejected with 400."

    static func description(of hook: HookName) -> String {
        switch hook {
        case .orderSign:
            "Coverage requirements for the orders being signed: coverage, prior authorization and documentation needs, as coverage-information on each order."
        case .orderSelect:
            "Early coverage guidance for the orders selected: coverage, prior authorization, policies and alternatives (no documentation requests)."
        case .orderDispatch:
            "Coverage requirements for the orders dispatched to a performer, as coverage-information on each order."
        case .appointmentBook:
            "Coverage requirements for the appointments being booked, as coverage-information on each appointment."
        case .encounterStart:
            "Coverage status for the patient at the start of an encounter."
        case .encounterDischarge:
            "Coverage status for the patient at discharge."
        }
    }
}
