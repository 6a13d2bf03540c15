import Auth
import FHIR
import Foundation

/// A registered client's private key on disk, which `greenlight token` and `greenlight hooks
/// call` sign with: by default `Fixtures/keys/<client>.private.pem`, its kid read from the
/// `.jwks.json` beside it.
enum ClientKeyFile {
    static func signer(client: String, key: String?, kid: String?) async throws -> ClientJWTSigner {
        let keyPath = key ?? "Fixtures/keys/\(client).private.pem"
        guard let pem = try? String(contentsOfFile: keyPath, encoding: .utf8) else {
            throw CommandFailure("cannot read the private key \(keyPath)")
        }
        do {
            return try await ClientJWTSigner(clientID: client, kid: try kid ?? Self.kid(besides: keyPath), privateKeyPEM: pem)
        } catch let error as ClientJWTSignerError {
            throw CommandFailure("\(keyPath): \(error.description)")
        }
    }

    /// The first kid of `<name>.jwks.json` next to `<name>.private.pem`.
    static func kid(besides keyPath: String) throws -> String {
        let jwksPath = keyPath.replacingOccurrences(of: ".private.pem", with: ".jwks.json")
        guard jwksPath != keyPath, let data = FileManager.default.contents(atPath: jwksPath),
            let kid = (try? JSON.parse(data: data))?["keys"]?[0]?["kid"]?.string
        else {
            throw CommandFailure("give --kid: no JWKS found next to \(keyPath) to read it from")
        }
        return kid
    }

    /// A server's base URL as the user typed it, without a trailing slash.
    static func baseURL(_ server: String) -> String {
        server.hasSuffix("/") ? String(server.dropLast()) : server
    }
}
