import FHIR
import Foundation
@testable import CRD

/// A fetcher answering relative queries from a dictionary — anything else fails as a 404
/// would — and recording every query and token it was given.
final class StubFetcher: FHIRResourceFetcher, @unchecked Sendable {
    private let answers: [String: JSON]
    private let lock = NSLock()
    private var asked: [(query: String, token: String?)] = []

    init(_ answers: [String: JSON] = [:]) {
        self.answers = answers
    }

    func fetch(_ relativeQuery: String, base: URL, bearerToken: String?) async throws -> JSON {
        lock.withLock { asked.append((relativeQuery, bearerToken)) }
        guard let answer = answers[relativeQuery] else {
            throw FHIRFetchError("GET \(base)/\(relativeQuery) answered HTTP 404")
        }
        return answer
    }

    var queries: [String] { lock.withLock { asked.map(\.query) } }
    var tokens: [String?] { lock.withLock { asked.map(\.token) } }
}
