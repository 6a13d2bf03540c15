import CaseStore
import FHIR

/// The parts of a policy's `req` table (Rules/README.md) that describe the member — `patient`,
/// `coverage` and `member` — built once per request and shared by every item or order in it,
/// the same for CRD's `coverage(req)` and PAS's `adjudicate(req)`.
public struct MemberRuleInput: Sendable {
    /// `{ id, birth_date, gender, age, resource }`.
    public let patient: JSON
    /// `{ id, payer_id, plan_id, line_of_business, period, resource }`.
    public let coverage: JSON
    /// `{ id, prior_authorizations }`.
    public let member: JSON

    /// - Parameters:
    ///   - patient: the client's Patient resource, when it sent one.
    ///   - today: the plan's calendar date, for the age.
    public init(patient: JSON?, context: MemberContext, today: String) {
        self.patient = Self.patient(patient, member: context.member, today: today)
        self.coverage = Self.coverage(context)
        self.member = ["id": .string(context.member.id), "prior_authorizations": context.history.json]
    }

    /// The client's Patient, with the member's directory record filling what it leaves out.
    private static func patient(_ resource: JSON?, member: Member, today: String) -> JSON {
        var object: JSONObject = ["id": .string(resource?.id ?? member.id)]
        let birthDate = resource?["birthDate"]?.string ?? member.birthDate
        if let birthDate { object["birth_date"] = .string(birthDate) }
        if let gender = resource?["gender"]?.string ?? member.gender { object["gender"] = .string(gender) }
        if let birthDate, let age = age(born: birthDate, on: today) { object["age"] = .number(JSONNumber(age)) }
        if let resource { object["resource"] = resource }
        return .object(object)
    }

    /// Our coverage record; `payer_id` is the payer's business identifier (how policies and
    /// their tests name payers), `resource` the client's Coverage.
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
    public static func age(born: String, on today: String) -> Int? {
        guard let birth = FHIRDateTime(born)?.calendarDate, let day = FHIRDateTime(today)?.calendarDate,
            let month = day.month, let date = day.day
        else { return nil }
        var years = day.year - birth.year
        let birthMonth = birth.month ?? 1, birthDay = birth.day ?? 1
        if month < birthMonth || (month == birthMonth && date < birthDay) { years -= 1 }
        return years
    }
}
