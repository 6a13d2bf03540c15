import FHIR

/// Reading by reference what the decisions follow and no template covered.
extension Gathering {
    /// Reads the ``ReferenceTargets`` of the orders, the gathered PractitionerRoles and
    /// Coverages, and order-dispatch's performer that nothing gathered holds, all of a round
    /// at once; PractitionerRoles read in one round are followed in the next. Each address is
    /// tried once, and no round starts after `deadline`.
    mutating func followReferences(from orders: [JSON], rounds: Int, until deadline: ContinuousClock.Instant) async {
        var tried: Set<String> = []
        for _ in 0..<rounds where ContinuousClock.now < deadline {
            var wanted: [String] = []
            for address in targets(orders: orders) where !resources.contains(address) && !tried.contains(address) {
                tried.insert(address)
                wanted.append(address)
            }
            guard !wanted.isEmpty else { return }
            let jobs = readJobs(for: wanted)
            await run(jobs)
        }
    }

    private func targets(orders: [JSON]) -> [String] {
        var targets = orders.flatMap(ReferenceTargets.of(order:))
        targets += resources.all(ofType: "PractitionerRole").flatMap(ReferenceTargets.of(practitionerRole:))
        targets += resources.all(ofType: "Coverage").flatMap(ReferenceTargets.of(coverage:))
        if let performer = request.context["performer"]?.string.flatMap(ReferenceTargets.address) {
            targets.append(performer)
        }
        return targets
    }
}
