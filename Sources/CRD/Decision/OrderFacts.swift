import FHIR
import Rules

/// One in-scope order read once: its reference, codes, diagnoses, amount, dates and who orders
/// and performs it — the `order`, `requester` and `performer` of the rule input.
struct OrderFacts: Sendable {
    var resource: JSON
    var resourceType: String
    /// `ServiceRequest/123`; the type alone when the EHR sent no id.
    var reference: String
    var codes: [Coding]
    var reasonCodes: [Coding]
    var quantity: JSON?
    var period: JSON?
    var requester: Participant?
    var performer: Participant?

    init(_ order: JSON, data: HookData) {
        resource = order
        let type = order.resourceType ?? "Resource"
        resourceType = type
        reference = order.id.map { "\(type)/\($0)" } ?? type
        codes = OrderCodes.codes(of: order, data: data)
        reasonCodes = OrderCodes.reasonCodes(of: order, data: data)
        quantity = Self.quantity(of: order)
        period = Self.period(of: order)
        let basedOn = order.values(at: "basedOn").lazy.compactMap { data.resolve(element: $0, in: order) }.first
        requester = Participant(Self.requesterElement(of: order, basedOn: basedOn), in: order, data: data)
        performer = Self.performerElements(of: order).lazy.compactMap { Participant($0, in: order, data: data) }.first
            ?? data.performer.flatMap { Participant(["reference": .string($0)], in: order, data: data) }
    }

    /// How cards and action descriptions name the order: "MRI lumbar spine without contrast (72148)".
    var label: String {
        guard let first = codes.first, let code = first.code else { return reference }
        return first.display.map { "\($0) (\(code))" } ?? code
    }

    /// The `order` table of the rule input.
    var json: JSON {
        RuleOrder(
            resourceType: resourceType, codes: codes, quantity: quantity, period: period, reasonCodes: reasonCodes,
            resource: resource
        ).json
    }

    /// `{value, unit}` of what is asked for, when stated.
    private static func quantity(of order: JSON) -> JSON? {
        let element = order["quantityQuantity"] ?? order["dispenseRequest"]?["quantity"]
        guard let element, let value = element["value"], value.number != nil else { return nil }
        var object: JSONObject = ["value": value]
        if let unit = element["unit"]?.string ?? element["code"]?.string { object["unit"] = .string(unit) }
        return .object(object)
    }

    /// `{start, end}` of when it is wanted: an occurrence period or day, a dispense validity
    /// period, an appointment's start and end.
    private static func period(of order: JSON) -> JSON? {
        if let period = order["occurrencePeriod"] ?? order["dispenseRequest"]?["validityPeriod"], period.object != nil {
            return period
        }
        if let day = order["occurrenceDateTime"]?.string { return ["start": .string(day), "end": .string(day)] }
        if let start = order["start"]?.string {
            return ["start": .string(start), "end": .string(order["end"]?.string ?? start)]
        }
        return nil
    }

    /// Who orders: the request's requester (NutritionOrder's orderer, VisionPrescription's
    /// prescriber); for an Appointment, the requester of the request it is based on.
    private static func requesterElement(of order: JSON, basedOn: JSON?) -> JSON? {
        order["requester"] ?? order["orderer"] ?? order["prescriber"] ?? basedOn?["requester"]
    }

    /// Who performs, in order of preference: the request's performer (a list on ServiceRequest),
    /// the dispenser of a prescription, an appointment's practitioner or organization.
    private static func performerElements(of order: JSON) -> [JSON] {
        var elements: [JSON] = order.values(at: "performer") + order.values(at: "dispenseRequest.performer")
        for participant in order.values(at: "participant") {
            if let actor = participant["actor"], let type = Reference(json: actor)?.resourceType,
                ["Practitioner", "PractitionerRole", "Organization"].contains(type)
            {
                elements.append(actor)
            }
        }
        return elements
    }
}
