import AsyncHTTPClient
import FHIR
import Foundation
import NIOCore

/// Reads from an EHR's FHIR server with AsyncHTTPClient: `GET` with
/// `Accept: application/fhir+json` and the hook's bearer token, a short time limit, 2xx FHIR
/// JSON only, searchset `next` links followed up to a few pages.
///
/// The client is shared (connection pooling matters when one hook call fetches several keys
/// at once); build it with ``clientConfiguration(_:)`` so connections time out quickly and
/// redirects are refused — a redirect would carry the EHR's token to wherever it points.
/// For the same reason `next` links are followed only on the `fhirServer`'s own origin.
public struct HTTPFHIRResourceFetcher: FHIRResourceFetcher {
    public struct Configuration: Sendable, Hashable {
        /// How long opening a connection may take; applied by ``clientConfiguration(_:)``.
        public var connectTimeout: Duration
        /// How long one fetch may take, every page included.
        public var totalTimeout: Duration
        /// Searchset pages read per fetch, the first included.
        public var maximumPages: Int
        /// Bytes accepted per page.
        public var maximumBytesPerPage: Int

        public init(
            connectTimeout: Duration = .seconds(2), totalTimeout: Duration = .seconds(5), maximumPages: Int = 5,
            maximumBytesPerPage: Int = 8 * 1024 * 1024
        ) {
            self.connectTimeout = connectTimeout
            self.totalTimeout = totalTimeout
            self.maximumPages = maximumPages
            self.maximumBytesPerPage = maximumBytesPerPage
        }
    }

    public let client: HTTPClient
    public var configuration: Configuration

    public init(client: HTTPClient, configuration: Configuration = Configuration()) {
        self.client = client
        self.configuration = configuration
    }

    /// The AsyncHTTPClient settings the fetcher expects of its client: the connect timeout,
    /// no redirects, compressed bodies accepted up to the page limit.
    public static func clientConfiguration(_ configuration: Configuration = Configuration()) -> HTTPClient.Configuration {
        var client = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: TimeAmount(configuration.connectTimeout), read: TimeAmount(configuration.totalTimeout)))
        client.decompression = .enabled(limit: .size(configuration.maximumBytesPerPage))
        return client
    }

    /// Runs `body` with a fetcher on a client of its own, shut down afterwards: for tools and
    /// tests. The server passes its shared client to ``init(client:configuration:)`` instead.
    public static func withFetcher<Result>(
        configuration: Configuration = Configuration(),
        isolation: isolated (any Actor)? = #isolation,
        _ body: (HTTPFHIRResourceFetcher) async throws -> Result
    ) async throws -> Result {
        try await HTTPClient.withHTTPClient(configuration: clientConfiguration(configuration)) { client in
            try await body(HTTPFHIRResourceFetcher(client: client, configuration: configuration))
        }
    }

    public func fetch(_ relativeQuery: String, base: URL, bearerToken: String?) async throws -> JSON {
        let url = Self.url(of: relativeQuery, base: base)
        do {
            return try await withFetchTimeout(configuration.totalTimeout) { [self] in
                try await fetchPages(from: url, base: base, bearerToken: bearerToken)
            }
        } catch let error as FHIRFetchError {
            throw error
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            // The client's own read timeout is the same limit as ours; whichever fires first,
            // the EHR integrator reads the same sentence.
            throw timedOut(url)
        } catch is FetchTimeoutExceeded {
            throw timedOut(url)
        } catch let error as HTTPClientError where error == .connectTimeout {
            throw FHIRFetchError("GET \(url): could not connect within \(Self.seconds(configuration.connectTimeout))")
        } catch {
            throw FHIRFetchError("GET \(url) failed: \(error)")
        }
    }

    private func timedOut(_ url: String) -> FHIRFetchError {
        FHIRFetchError("GET \(url) got no complete answer within \(Self.seconds(configuration.totalTimeout))")
    }

    /// `5 s`, `0.5 s`: for messages.
    static func seconds(_ duration: Duration) -> String {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return seconds == seconds.rounded() ? "\(Int(seconds)) s" : "\(seconds) s"
    }

    /// `base/relativeQuery`, whatever slashes either side brings.
    static func url(of relativeQuery: String, base: URL) -> String {
        var prefix = base.absoluteString
        while prefix.hasSuffix("/") { prefix.removeLast() }
        return prefix + "/" + relativeQuery.drop { $0 == "/" }
    }

    /// The first page and the `next` pages after it, their entries joined in one Bundle.
    private func fetchPages(from url: String, base: URL, bearerToken: String?) async throws -> JSON {
        var result = try await get(url, bearerToken: bearerToken)
        guard result.resourceType == "Bundle" else { return result }
        var entries = result["entry"]?.array ?? []
        var page = result
        var pagesRead = 1
        while let next = try? FHIRBundle(json: page).link("next"), pagesRead < configuration.maximumPages,
            Self.isSameOrigin(next, as: base)
        {
            page = try await get(next, bearerToken: bearerToken)
            entries += page["entry"]?.array ?? []
            pagesRead += 1
        }
        result["entry"] = .array(entries)
        return result
    }

    private func get(_ url: String, bearerToken: String?) async throws -> JSON {
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        request.headers.add(name: "Accept", value: "application/fhir+json")
        if let bearerToken {
            request.headers.add(name: "Authorization", value: "Bearer \(bearerToken)")
        }
        let response = try await client.execute(request, timeout: TimeAmount(configuration.totalTimeout))
        let bytes: ByteBuffer
        do {
            bytes = try await response.body.collect(upTo: configuration.maximumBytesPerPage)
        } catch is NIOTooManyBytesError {
            throw FHIRFetchError("GET \(url) sent more than \(configuration.maximumBytesPerPage) bytes")
        }
        let json = try? JSON.parse(bytes.readableBytesView)
        let outcome = json.flatMap { $0.resourceType == "OperationOutcome" ? try? OperationOutcome(json: $0) : nil }
        guard (200..<300).contains(response.status.code) else {
            let detail = outcome.map { ": \($0.diagnosticsLine)" } ?? ""
            throw FHIRFetchError("GET \(url) answered HTTP \(response.status.code)\(detail)")
        }
        if let contentType = response.headers.first(name: "Content-Type"), !contentType.lowercased().contains("json") {
            throw FHIRFetchError("GET \(url) answered \(contentType), not FHIR JSON")
        }
        guard let json, json.resourceType != nil else {
            throw FHIRFetchError("GET \(url) did not answer with a FHIR resource in JSON")
        }
        if let outcome {
            throw FHIRFetchError("GET \(url) answered with an OperationOutcome: \(outcome.diagnosticsLine)")
        }
        return json
    }

    /// Whether `link` is on the same scheme, host and port as `base`: the token goes nowhere else.
    static func isSameOrigin(_ link: String, as base: URL) -> Bool {
        guard let url = URL(string: link) else { return false }
        return url.scheme?.lowercased() == base.scheme?.lowercased() && url.host?.lowercased() == base.host?.lowercased()
            && url.port == base.port
    }
}
