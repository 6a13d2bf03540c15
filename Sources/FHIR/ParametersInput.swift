/// An operation's input: a `Parameters` resource, or (where the operation allows it) the bare
/// resource. Each parameter keeps its index so a refusal names it by FHIRPath.
public struct ParametersInput: Sendable {
    public struct Parameter: Sendable {
        public var index: Int
        public var name: String
        public var json: JSON
        public var path: String { "Parameters.parameter[\(index)]" }

        /// The parameter's primitive `value[x]` as text (`valueString`, `valueId`, a number's
        /// literal …); `nil` for a resource, parts, or a complex value.
        public var text: String? {
            guard let value = json.object?.first(where: { $0.key.hasPrefix("value") })?.value else { return nil }
            switch value {
            case .string(let string): return string
            case .number(let number): return number.literal
            case .bool(let flag): return flag ? "true" : "false"
            default: return nil
            }
        }
    }

    public var parameters: [Parameter]

    /// `nil` when `body` is not a Parameters resource.
    public init?(_ body: JSON) {
        guard body.resourceType == "Parameters" else { return nil }
        parameters = (body["parameter"]?.array ?? []).enumerated().map { index, parameter in
            Parameter(index: index, name: parameter["name"]?.string ?? "", json: parameter)
        }
    }

    /// Parameters whose name is one of `names` (operations renamed theirs between versions).
    public func named(_ names: Set<String>) -> [Parameter] {
        parameters.filter { names.contains($0.name) }
    }

    /// The primitive parameters' values as text, by name, in order: for operations whose
    /// parameters may come as a query string as well.
    public var textValues: [String: [String]] {
        var values: [String: [String]] = [:]
        for parameter in parameters {
            if let text = parameter.text { values[parameter.name, default: []].append(text) }
        }
        return values
    }
}
