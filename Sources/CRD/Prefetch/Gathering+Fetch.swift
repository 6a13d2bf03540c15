import FHIR
import Foundation

/// One read or search to run against `fhirServer`, logged under `key`: a template's key, or
/// for a read by reference the relative address itself (`Organization/acme`), which cannot
/// be mistaken for a template key.
struct FetchJob: Sendable {
    var key: String
    var query: String
    /// Whether the job fills a template key (its resources are that key's contribution).
    var isTemplate: Bool
    /// Why prefetch did not serve the key, when the EHR sent an OperationOutcome for it.
    var priorProblem: String?
}

extension Gathering {
    /// Reads by reference; when there is nowhere to read from, each is logged unavailable.
    mutating func readJobs(for addresses: [String]) -> [FetchJob] {
        guard source != nil else {
            for address in addresses {
                log.append(
                    PrefetchLogEntry(
                        key: address, source: .unavailable, query: address, problem: "not gathered and no fhirServer to read it from"))
            }
            return []
        }
        return addresses.map { FetchJob(key: $0, query: $0, isTemplate: false) }
    }

    /// Runs the jobs at once (each fetch waits on the EHR's network, not on our CPU), then
    /// takes their resources and logs each in job order.
    mutating func run(_ jobs: [FetchJob]) async {
        guard !jobs.isEmpty, let source else { return }
        let fetcher = source.fetcher
        let base = source.base
        let token = request.fhirAuthorization?.accessToken
        let results = await withTaskGroup(of: (Int, PrefetchContent, Int).self) { group in
            for (index, job) in jobs.enumerated() {
                group.addTask {
                    let start = ContinuousClock.now
                    let content: PrefetchContent
                    do {
                        content = PrefetchContent(try await fetcher.fetch(job.query, base: base, bearerToken: token))
                    } catch {
                        content = .failed(String(describing: error))
                    }
                    return (index, content, Gathering.milliseconds(since: start))
                }
            }
            var results: [(Int, PrefetchContent, Int)] = []
            for await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }
        }
        for (index, content, milliseconds) in results {
            record(jobs[index], content, milliseconds: milliseconds)
        }
    }

    private static func milliseconds(since start: ContinuousClock.Instant) -> Int {
        let elapsed = ContinuousClock.now - start
        return Int(elapsed.components.seconds) * 1000 + Int(elapsed.components.attoseconds / 1_000_000_000_000_000)
    }

    private mutating func record(_ job: FetchJob, _ content: PrefetchContent, milliseconds: Int) {
        switch content {
        case .resources(let found):
            if job.isTemplate {
                take(found, for: job.key)
            } else {
                resources.add(contentsOf: found)
            }
            log.append(
                PrefetchLogEntry(
                    key: job.key, source: .fetched, query: job.query, resourceCount: found.count, milliseconds: milliseconds,
                    problem: job.priorProblem))
        case .failed(let why):
            let problem = [job.priorProblem, "the fetch failed: \(why)"].compactMap { $0 }.joined(separator: "; ")
            log.append(
                PrefetchLogEntry(
                    key: job.key, source: .unavailable, query: job.query, milliseconds: milliseconds, problem: problem))
        }
    }
}
