import CaseStore
import Eligibility
import FHIR
import Rules

/// The `req` table `coverage(req)` receives (Rules/README.md), snake_case keys. The parts every
/// order of a hook shares are built once; ``request(service:order:)`` adds the order's own.
struct CoverageRuleInput: Sendable {
    private let hook: HookName
    private let today: String
    private let patient: JSON
    private let coverage: JSON
    private let member: JSON

    init(hook: HookName, today: String, patient: JSON?, member context: MemberContext, priorAuthorizations: JSON) {
        self.hook = hook
        self.today = today
        self.patient = Self.patient(patient, member: context.member, today: today)
        self.coverage = Self.coverage(context)
        self.member = ["id": .string(context.member.id), "prior_authorizations": priorAuthorizations]
    }

    /// The input for one order, decided on `service` (the code a policy matched).
    func request(service: Coding, order: OrderFacts) -> JSON {
        var object: JSONObject = [
            "hook": .string(hook.rawValue),
            "today": .string(today),
            "service": OrderFacts.ruleCoding(service),
            "order": order.json,
            "patient": patient,
            "coverage": coverage,
            "member": member,
        ]
        if let requester = order.requester { object["requester"] = requester.json }
        if let performer = order.performer { object["performer"] = performer.json }
        return .object(object)
    }

    /// `{ id, birth_date, gender, age, resource }`: the EHR's Patient, with the member's
    /// directory record filling what it leaves out.
    private static func patient(_ resource: JSON?, member: Member, today: String) -> JSON {
        var object: JSONObject = ["id": .string(resource?.id ?? member.id)]
        let birthDate = resource?["birthDate"]?.string ?? member.birthDate
        if let birthDate { object["birth_date"] = .string(birthDate) }
        if let gender = resource?["gender"]?.string ?? member.gender { object["gender"] = .string(gender) }
        if let birthDate, let age = Self.age(born: birthDate, on: today) { object["age"] = .number(JSONNumber(age)) }
        if let resource { object["resource"] = resource }
        return .object(object)
    }

    /// `{ id, payer_id, plan_id, line_of_business, period, resource }` of our coverage record;
    /// `payer_id` is the payer's business identifier (how policies and their tests name
    /// payers), `resource` the EHR's Coverage.
    private static func coverage(_ context: MemberContext) -> JSON {
        var object: JSONObject = [
            "id": .string(context.coverage.id),
            "payer_id": .string(context.payer.identifierValue ?? context.payer.id),
        ]
        if let plan = context.coverage.planID { object["plan_id"] = .string(plan) }
        if let line = context.plan?.lineOfBusiness { object["line_of_business"] = .string(line.rawValue) }
        var period: JSONObject = [:]
        if let start = context.coverage.periodStart { period["start"] = .string(start) }
        if let end = context.coverage.periodEnd { period["end"] = .string(end) }
        if !period.isEmpty { object["period"] = .object(period) }
        object["resource"] = context.clientCoverage.resource
        return .object(object)
    }

    /// Whole years on `today` (as `gl.age` counts them).
    static func age(born: String, on today: String) -> Int? {
        guard let birth = FHIRDateTime(born)?.calendarDate, let day = FHIRDateTime(today)?.calendarDate,
            let month = day.month, let date = day.day
        else { return nil }
        var years = day.year - birth.year
        let birthMonth = birth.month ?? 1, birthDay = birth.day ?? 1
        if month < birthMonth || (month == birthMonth && date < birthDay) { years -= 1 }
        return years
    }
}
