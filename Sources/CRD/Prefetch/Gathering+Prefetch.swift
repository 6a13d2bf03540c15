import FHIR

/// Reading the hook's prefetch keys, and planning fetches for the ones the EHR left out.
extension Gathering {
    /// Takes in every prefetch value the EHR sent, logs each template key, and returns the
    /// fetches the absent (or failed) template keys need.
    mutating func takePrefetch() -> [FetchJob] {
        let templates = PrefetchCatalog.templates(for: request.hook)
        let jobs = templates.compactMap { plan($0) }
        // Keys the EHR sent beyond ours (the CRD guide's `organizations`, `medications` …)
        // are data too: they save reference reads later. They are not logged: the request,
        // kept whole for the dispute log, already shows them.
        let ourKeys = Set(templates.map(\.key))
        for (key, value) in request.prefetch where !ourKeys.contains(key) {
            if let sent = PrefetchContent(value).resources { resources.add(contentsOf: sent) }
        }
        return jobs
    }

    private mutating func plan(_ template: PrefetchTemplate) -> FetchJob? {
        let filled = PrefetchQuery(template: template.query, context: request.context)
        var sentProblem: String?
        switch request.prefetch[template.key] {
        case .null?:
            log.append(PrefetchLogEntry(key: template.key, source: .none, query: filled.query))
            return nil
        case let value?:
            switch PrefetchContent(value) {
            case .resources(let sent):
                take(sent, for: template.key)
                log.append(PrefetchLogEntry(key: template.key, source: .prefetch, query: filled.query, resourceCount: sent.count))
                return nil
            case .failed(let why):
                sentProblem = "the EHR sent an OperationOutcome (\(why))"
            }
        case nil:
            break
        }
        switch filled {
        case .notApplicable(let token):
            log.append(
                PrefetchLogEntry(
                    key: template.key, source: .notApplicable, problem: "\(token) has no value in this request"))
            return nil
        case .query(let query):
            guard source != nil else {
                let why = [sentProblem, "not in prefetch and no fhirServer to fetch from"].compactMap { $0 }
                log.append(
                    PrefetchLogEntry(
                        key: template.key, source: .unavailable, query: query, problem: why.joined(separator: "; ")))
                return nil
            }
            return FetchJob(key: template.key, query: query, isTemplate: true, priorProblem: sentProblem)
        }
    }

    /// order-dispatch: reads for the dispatched orders neither the context nor prefetch held.
    mutating func orderReads(for addresses: [String]) -> [FetchJob] {
        readJobs(for: addresses.filter { !resources.contains($0) })
    }

    mutating func take(_ found: [JSON], for key: String) {
        resources.add(contentsOf: found)
        contributions[key, default: []] += found
    }
}
