import FHIR

/// An operation's input: a `Parameters` resource, or (where the operation allows it) the bare
/// resource. Each parameter keeps its index so a refusal names it by FHIRPath.
struct ParametersInput: Sendable {
    struct Parameter: Sendable {
        var index: Int
        var name: String
        var json: JSON
        var path: String { "Parameters.parameter[\(index)]" }
    }

    var parameters: [Parameter]

    /// `nil` when `body` is not a Parameters resource.
    init?(_ body: JSON) {
        guard body.resourceType == "Parameters" else { return nil }
        parameters = (body["parameter"]?.array ?? []).enumerated().map { index, parameter in
            Parameter(index: index, name: parameter["name"]?.string ?? "", json: parameter)
        }
    }

    /// Parameters whose name is one of `names` (operations renamed theirs between versions).
    func named(_ names: Set<String>) -> [Parameter] {
        parameters.filter { names.contains($0.name) }
    }
}
