import FHIR

/// One case of `Rules/tests/*.json`: run `function` of a policy on `input` and compare the
/// engine's decision with `expect`.
public struct RuleTestCase: Sendable, Hashable {
    /// The test file, relative to the rules directory.
    public var file: String
    public var name: String
    public var function: String
    /// The policy to run; with `service`, the policy the engine selects must be this one.
    public var policyID: String?
    /// When given, the policy is selected the way CRD and PAS select it.
    public var service: RuleService?
    public var plan: String?
    public var lineOfBusiness: String?
    public var input: JSON
    /// Fields the decision must have (a subset, compared recursively for objects; arrays whole;
    /// numbers by value). `null` with `service`: no policy may govern it.
    public var expect: JSON
    /// When given, the evaluation must fail with an error containing this text.
    public var expectError: String?

    /// The cases of one test file, or a description of what is wrong with it.
    static func cases(in document: JSON, file: String) -> Result<[RuleTestCase], RuleProblem> {
        guard let object = document.object else {
            return .failure(RuleProblem(file: file, message: "a test file is an object { \"policy\": ..., \"cases\": [...] }"))
        }
        let filePolicy = object["policy"]?.string
        guard let entries = object["cases"]?.array else {
            return .failure(RuleProblem(file: file, message: "missing \"cases\": [...]"))
        }
        var cases: [RuleTestCase] = []
        for (position, entry) in entries.enumerated() {
            let label = "cases[\(position)]"
            guard let function = entry["function"]?.string else {
                return .failure(RuleProblem(file: file, message: "\(label) needs \"function\""))
            }
            guard let input = entry["input"] else {
                return .failure(RuleProblem(file: file, message: "\(label) needs \"input\""))
            }
            var service: RuleService?
            if let value = entry["service"], !value.isNull {
                guard let system = value["system"]?.string, let code = value["code"]?.string else {
                    return .failure(RuleProblem(file: file, message: "\(label).service needs system and code"))
                }
                service = RuleService(system: system, code: code)
            }
            let policyID = entry["policy"]?.string ?? filePolicy
            guard policyID != nil || service != nil else {
                return .failure(RuleProblem(file: file, message: "\(label) names no policy (file or case \"policy\", or \"service\")"))
            }
            cases.append(RuleTestCase(
                file: file, name: entry["name"]?.string ?? label, function: function, policyID: policyID,
                service: service, plan: entry["plan"]?.string, lineOfBusiness: entry["line_of_business"]?.string,
                input: input, expect: entry["expect"] ?? .object(JSONObject()),
                expectError: entry["expect_error"]?.string))
        }
        return .success(cases)
    }
}
