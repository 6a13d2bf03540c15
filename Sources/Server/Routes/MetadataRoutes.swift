import FHIR
import Hummingbird

/// `GET /metadata`: the CapabilityStatement, built from what the modules registered.
struct MetadataRoutes {
    let registry: CapabilityRegistry
    let builder: CapabilityStatementBuilder

    func register(on routes: RouteBuilder) {
        routes.get("/metadata", access: .public) { _, _ in
            FHIRPayload(self.builder.build(from: self.registry))
        }
    }
}
