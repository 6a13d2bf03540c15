import ArgumentParser
import AsyncHTTPClient
import FHIR
import Foundation
import NIOCore
import NIOHTTP1
import Auth

/// `greenlight token`: gets an access token from a running Greenlight the way a SMART Backend
/// Services client does — discovery, a signed client assertion, `POST /token`.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Get an access token from a running server as a registered client.",
        discussion: """
            With the demo plan loaded, for example:

              TOKEN=$(greenlight token --client demo-clinic --scope "system/Claim.cru system/ClaimResponse.rs")
              curl -H "Authorization: Bearer $TOKEN" ...

            The private key defaults to Fixtures/keys/<client>.private.pem and its kid to the one \
            in the .jwks.json beside it.
            """
    )

    @Option(help: "The registered client id.")
    var client: String

    @Option(help: ArgumentHelp("The client's private key (PEM).", valueName: "file"))
    var key: String?

    @Option(help: "The key's kid (default: read from the .jwks.json next to the key).")
    var kid: String?

    @Option(help: "The scopes to ask for, space-separated.")
    var scope: String

    @Option(help: "The server's base URL.")
    var server: String = "http://127.0.0.1:8080"

    @Flag(help: "Print the whole token response as JSON instead of the token alone.")
    var json = false

    func run() async throws {
        let signer = try await ClientKeyFile.signer(client: client, key: key, kid: kid)
        let base = ClientKeyFile.baseURL(server)
        let discovery = try await Self.get("\(base)/.well-known/smart-configuration")
        guard let tokenURL = discovery["token_endpoint"]?.string else {
            throw CommandFailure("\(base)/.well-known/smart-configuration names no token_endpoint")
        }
        let assertion = try await signer.clientAssertion(tokenURL: tokenURL)
        let form = TokenRequest(clientAssertion: assertion, scope: scope).formBody
        var request = HTTPClientRequest(url: tokenURL)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.body = .bytes(ByteBuffer(string: form))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let body = try JSON.parse(data: Data(buffer: try await response.body.collect(upTo: 1 << 20)))
        guard response.status == .ok, let token = body["access_token"]?.string else {
            throw CommandFailure(
                "the token request was refused (\(response.status.code)): "
                    + "\(body["error"]?.string ?? "?"): \(body["error_description"]?.string ?? body.serializedString())")
        }
        print(json ? body.serializedString(pretty: true) : token)
    }

    static func get(_ url: String) async throws -> JSON {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(10))
        guard response.status == .ok else { throw CommandFailure("GET \(url) answered \(response.status.code)") }
        return try JSON.parse(data: Data(buffer: try await response.body.collect(upTo: 1 << 20)))
    }
}
