import ArgumentParser
import AsyncHTTPClient
import FHIR
import Foundation
import NIOCore
import Auth

/// `greenlight hooks call`: sends a hook request to a running server, signed as an EHR client.
struct HooksCallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "call",
        abstract: "Call a running server's CDS Hooks service with a request file, as a registered EHR.",
        discussion: """
            Signs a CDS Hooks JWT (aud = the service URL) with the client's private key, POSTs \
            the request and prints the response. With the demo plan loaded, for example:

              greenlight hooks call --client demo-ehr Fixtures/demo/hooks/order-sign-lumbar-mri.json

            The service is chosen from the request's "hook" unless --service is given. The key \
            defaults to Fixtures/keys/<client>.private.pem.
            """
    )

    @Option(help: "The registered EHR client id.")
    var client: String = "demo-ehr"

    @Option(help: ArgumentHelp("The client's private key (PEM).", valueName: "file"))
    var key: String?

    @Option(help: "The key's kid (default: read from the .jwks.json next to the key).")
    var kid: String?

    @Option(help: "The server's base URL.")
    var server: String = "http://127.0.0.1:8080"

    @Option(help: ArgumentHelp("The service id (default: greenlight-<hook>).", valueName: "id"))
    var service: String?

    @Argument(help: ArgumentHelp("The hook request (JSON); - reads standard input.", valueName: "request.json"))
    var request: String

    func run() async throws {
        let body = try readJSON(request, what: "hook request")
        guard let hook = service ?? body["hook"]?.string.map({ "greenlight-\($0)" }) else {
            throw CommandFailure("the request has no \"hook\"; give --service")
        }
        let signer = try await ClientKeyFile.signer(client: client, key: key, kid: kid)
        let base = ClientKeyFile.baseURL(server)
        let url = "\(base)/cds-services/\(hook)"
        var call = HTTPClientRequest(url: url)
        call.method = .POST
        call.headers.add(name: "Content-Type", value: "application/json")
        call.headers.add(name: "Authorization", value: "Bearer \(try await signer.cdsHooksJWT(audience: url))")
        call.body = .bytes(ByteBuffer(bytes: body.serialized()))
        let response = try await HTTPClient.shared.execute(call, timeout: .seconds(30))
        let answer = try await response.body.collect(upTo: 16 << 20)
        let text = (try? JSON.parse(data: Data(buffer: answer)))?.serializedString(pretty: true) ?? String(buffer: answer)
        print(text)
        guard response.status == .ok else {
            throw CommandFailure("the service answered \(response.status.code)")
        }
    }
}
