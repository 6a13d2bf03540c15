/// What each hook's context carries, as the hook definitions CRD 2.1 pins describe it.
extension HookName {
    /// The resource types `context.userId` may name; empty for order-dispatch, which has no user.
    var userTypes: Set<String> {
        switch self {
        case .orderSign, .orderSelect, .encounterStart, .encounterDischarge: ["Practitioner", "PractitionerRole"]
        case .appointmentBook: ["Practitioner", "PractitionerRole", "Patient", "RelatedPerson"]
        case .orderDispatch: []
        }
    }

    /// The context member holding a Bundle of the orders the hook is about, if any.
    var orderBundleKey: String? {
        switch self {
        case .orderSign, .orderSelect: "draftOrders"
        case .appointmentBook: "appointments"
        case .orderDispatch, .encounterStart, .encounterDischarge: nil
        }
    }

    /// Whether `context.encounterId` is required (encounter hooks) rather than optional.
    var requiresEncounter: Bool {
        self == .encounterStart || self == .encounterDischarge
    }
}
