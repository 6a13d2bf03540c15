import FHIR

/// The Bundle a `$submit` or `$inquire` body carries: the body itself, or the `resource`
/// parameter of a `Parameters` (the operations' formal input). Anything else is not a PAS
/// request at all and gets a 400.
struct PASOperationInput: Sendable {
    var bundle: JSON
    /// Whether the Bundle came inside a `Parameters`.
    var wasWrapped: Bool

    /// Parses the body; 400 when it is not JSON.
    static func parse(_ body: some Collection<UInt8>) throws(PASRequestError) -> JSON {
        do {
            return try JSON.parse(body)
        } catch {
            throw PASRequestError(.badRequest, OperationOutcome(error))
        }
    }

    /// The Bundle in `json`; 400 when `json` is neither a Bundle nor a `Parameters` holding one.
    init(_ json: JSON) throws(PASRequestError) {
        guard json.object != nil else {
            throw PASRequestError(.badRequest, .structure, "The body must be a JSON object: a Bundle or a Parameters.", path: "Bundle")
        }
        switch json.resourceType {
        case "Bundle":
            self.init(bundle: json, wasWrapped: false)
        case "Parameters":
            let parameters = json["parameter"]?.array ?? []
            guard let index = parameters.firstIndex(where: { $0["name"]?.string == "resource" }) else {
                throw PASRequestError(
                    .badRequest, .required, "The Parameters has no parameter named resource holding the Bundle.",
                    path: "Parameters.parameter")
            }
            guard let bundle = parameters[index]["resource"], bundle.resourceType == "Bundle" else {
                throw PASRequestError(
                    .badRequest, .invalid, "The resource parameter must hold a Bundle.",
                    path: "Parameters.parameter[\(index)].resource")
            }
            self.init(bundle: bundle, wasWrapped: true)
        default:
            let found = json.resourceType.map { "a \($0)" } ?? "an object without resourceType"
            throw PASRequestError(
                .badRequest, .invalid, "Expected a Bundle (or a Parameters holding one) but found \(found).", path: "Bundle")
        }
    }

    private init(bundle: JSON, wasWrapped: Bool) {
        self.bundle = bundle
        self.wasWrapped = wasWrapped
    }
}
