import FHIR

/// The resources gathered for one hook call, in the order found, each `Type/id` kept once.
///
/// The first copy wins, and the gatherer adds the context first, then prefetch, then fetches:
/// the draft orders in the context are what the clinician is signing, newer than any copy
/// the EHR's server may hold.
struct GatheredResources {
    private(set) var all: [JSON] = []
    private var positions: [String: Int] = [:]

    mutating func add(_ resource: JSON) {
        if let address = resource.address?.relative {
            guard positions[address] == nil else { return }
            positions[address] = all.count
        }
        all.append(resource)
    }

    mutating func add(contentsOf resources: [JSON]) {
        for resource in resources { add(resource) }
    }

    /// The resource with this relative address (`Practitioner/123`).
    subscript(address: String) -> JSON? {
        positions[address].map { all[$0] }
    }

    func contains(_ address: String) -> Bool {
        positions[address] != nil
    }

    func all(ofType type: String) -> [JSON] {
        all.filter { $0.resourceType == type }
    }

    /// Every resource that has an id, by `Type/id`.
    var byAddress: [String: JSON] {
        positions.mapValues { all[$0] }
    }
}
