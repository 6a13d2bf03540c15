import FHIR

extension CoverageDecision {
    /// A code to order instead of the one asked for, and why (`alternatives` in the contract):
    /// CRD turns each into a suggestion that swaps the order's code.
    public struct Alternative: Sendable, Hashable {
        public var coding: RuleCoding
        public var reason: String?

        public init(coding: RuleCoding, reason: String? = nil) {
            self.coding = coding
            self.reason = reason
        }

        var json: JSON {
            var object = coding.json
            if let reason { object["reason"] = .string(reason) }
            return object
        }
    }

    /// An order to add beside the one asked for, and why (`additional_orders` in the contract):
    /// CRD turns each into a suggestion that creates a draft request of `resourceType`.
    public struct AdditionalOrder: Sendable, Hashable {
        /// The request types whose one code says what is ordered; CRD's Additional Orders
        /// response type allows these among others.
        public enum ResourceType: String, Sendable, Hashable, CaseIterable {
            case serviceRequest = "ServiceRequest"
            case deviceRequest = "DeviceRequest"
            case medicationRequest = "MedicationRequest"
        }

        public var resourceType: ResourceType
        public var coding: RuleCoding
        public var reason: String?

        public init(resourceType: ResourceType = .serviceRequest, coding: RuleCoding, reason: String? = nil) {
            self.resourceType = resourceType
            self.coding = coding
            self.reason = reason
        }

        var json: JSON {
            var object = coding.json
            object["resource_type"] = .string(resourceType.rawValue)
            if let reason { object["reason"] = .string(reason) }
            return object
        }
    }
}
