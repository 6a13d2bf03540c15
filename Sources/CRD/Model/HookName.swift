/// The CDS Hooks this service answers (CRD 2.1 §hooks).
public enum HookName: String, Sendable, Hashable, CaseIterable, Codable {
    case orderSign = "order-sign"
    case orderSelect = "order-select"
    case orderDispatch = "order-dispatch"
    case appointmentBook = "appointment-book"
    case encounterStart = "encounter-start"
    case encounterDischarge = "encounter-discharge"

    /// Primary hooks SHALL return a coverage-information systemAction for every in-scope order
    /// on every call; supporting hooks never signal doc-needed.
    public var isPrimary: Bool {
        switch self {
        case .orderSign, .orderDispatch, .appointmentBook: true
        case .orderSelect, .encounterStart, .encounterDischarge: false
        }
    }

    /// The id of this hook's service in discovery (`/cds-services/{id}`).
    public var serviceID: String { "greenlight-\(rawValue)" }

    public init?(serviceID: String) {
        guard serviceID.hasPrefix("greenlight-"),
            let hook = HookName(rawValue: String(serviceID.dropFirst("greenlight-".count)))
        else { return nil }
        self = hook
    }
}
