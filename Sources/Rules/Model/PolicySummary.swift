import FHIR

/// What a loaded policy declares, as `greenlight rules list` and `/health` show it.
public struct PolicySummary: Sendable, Hashable {
    public var id: String
    public var title: String
    public var link: String?
    /// The file, relative to the rules directory (`policies/imaging/lumbar-spine-mri.lua`).
    public var file: String
    /// SHA-256 of the file's bytes, lowercase hex: the version every decision records.
    public var version: String
    public var services: [RuleService]
    /// Plan or contract ids the policy is limited to; `nil` = every plan.
    public var plans: [String]?
    /// Lines of business the policy is limited to; `nil` = every line.
    public var linesOfBusiness: [String]?
    public var questionnaire: String?
    /// Whether the plan lets this policy's rules deny on clinical grounds.
    public var autoDeny: Bool
    public var functions: Set<RuleFunction>

    /// The summary as JSON, for `/health`, logs and the CLI.
    public var json: JSON {
        var object: JSONObject = [
            "id": .string(id), "title": .string(title), "file": .string(file), "version": .string(version),
        ]
        if let link { object["link"] = .string(link) }
        object["services"] = .array(services.map { ["system": .string($0.system), "code": .string($0.code)] })
        if let plans { object["plans"] = .array(plans.map(JSON.string)) }
        if let linesOfBusiness { object["lines_of_business"] = .array(linesOfBusiness.map(JSON.string)) }
        if let questionnaire { object["questionnaire"] = .string(questionnaire) }
        object["auto_deny"] = .bool(autoDeny)
        object["functions"] = .array(RuleFunction.allCases.filter(functions.contains).map { .string($0.rawValue) })
        return .object(object)
    }

    /// Whether this policy applies to the plan and line of business. An unknown plan (or line)
    /// matches only policies that are not limited to particular plans (or lines).
    func applies(plan: String?, lineOfBusiness: String?) -> Bool {
        if let plans {
            guard let plan, plans.contains(plan) else { return false }
        }
        if let linesOfBusiness {
            guard let lineOfBusiness, linesOfBusiness.contains(lineOfBusiness) else { return false }
        }
        return true
    }

    /// Whether two policies could both apply to some plan and line of business.
    func overlaps(_ other: PolicySummary) -> Bool {
        func intersect(_ a: [String]?, _ b: [String]?) -> Bool {
            guard let a, let b else { return true }
            return !Set(a).isDisjoint(with: b)
        }
        return intersect(plans, other.plans) && intersect(linesOfBusiness, other.linesOfBusiness)
    }
}
