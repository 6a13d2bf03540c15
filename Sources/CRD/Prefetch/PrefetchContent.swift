import FHIR

/// What one prefetch value, or one fetched body, holds: resources, or the EHR's word that it
/// could not run the query.
///
/// CDS Hooks 2.0: searches arrive as searchset Bundles (possibly empty), reads as the
/// resource itself, and a query that failed SHOULD arrive as an OperationOutcome — which is no
/// data at all, so the gatherer tries `fhirServer` for that key instead.
enum PrefetchContent {
    case resources([JSON])
    case failed(String)

    init(_ json: JSON) {
        switch json.resourceType {
        case "OperationOutcome":
            self = .failed(Self.describe(json))
        case "Bundle":
            let all = json["entry"]?.array?.compactMap { $0["resource"] } ?? []
            let resources = all.filter { $0.resourceType != "OperationOutcome" }
            // An outcome entry beside matches is a warning about the search; alone and with
            // errors it means the search did not run.
            let failures = all.filter { $0.resourceType == "OperationOutcome" }
                .compactMap { try? OperationOutcome(json: $0) }.filter(\.hasErrors)
            if resources.isEmpty, let failure = failures.first {
                self = .failed(failure.diagnosticsLine)
            } else {
                self = .resources(resources)
            }
        default:
            self = .resources([json])
        }
    }

    var resources: [JSON]? {
        if case .resources(let resources) = self { resources } else { nil }
    }

    private static func describe(_ outcome: JSON) -> String {
        (try? OperationOutcome(json: outcome))?.diagnosticsLine ?? "an OperationOutcome without readable issues"
    }
}
