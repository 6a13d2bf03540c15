import FHIR

/// The request types CRD's hooks are about (CRD 2.1 §hooks adds five request types to CDS
/// Hooks' order hooks; appointment-book books Appointments). Other resources in a
/// `draftOrders` or `appointments` Bundle — a Medication, a Device — are supporting data.
public enum OrderResourceTypes {
    public static let inScope: Set<String> = [
        "ServiceRequest", "DeviceRequest", "MedicationRequest", "NutritionOrder", "VisionPrescription",
        "CommunicationRequest", "Appointment",
    ]

    public static func isInScope(_ resource: JSON) -> Bool {
        resource.resourceType.map(inScope.contains) ?? false
    }
}
