import ArgumentParser
import CaseStore
import FHIR
import Foundation
import Logging
import Auth
import Server

/// `greenlight clients add|list|remove`: the registry of systems allowed to call Greenlight.
struct ClientsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clients",
        abstract: "Register, list and remove the API clients (EHRs, provider organizations, payers, reviewers).",
        subcommands: [Add.self, List.self, Remove.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register a client with its public keys and the scopes it may be granted.",
            discussion: """
                Give the client's public keys either as a JWKS file (--jwks) or as the https URL \
                where it publishes them (--jwks-url; the only jku its JWTs may name). Example:

                  greenlight clients add --id acme-ortho --name "Acme Orthopedics" --kind provider \\
                    --npi 1234567893 --jwks acme.jwks.json --scope system/Claim.cru --scope system/ClaimResponse.rs
                """
        )

        @OptionGroup var store: StoreOptions

        @Option(help: "The client id: the iss and sub of every JWT the client signs.")
        var id: String

        @Option(help: "A name people recognize.")
        var name: String

        @Option(help: "What the client is: \(RegisteredClient.Kind.allCases.map(\.rawValue).joined(separator: ", ")).")
        var kind: String

        @Option(help: ArgumentHelp("The organization's NPI (repeatable).", valueName: "npi"))
        var npi: [String] = []

        @Option(name: .customLong("payer-id"), help: ArgumentHelp("The organization's payer id (repeatable).", valueName: "id"))
        var payerID: [String] = []

        @Option(help: ArgumentHelp("A file holding the client's public JWKS.", valueName: "file"))
        var jwks: String?

        @Option(name: .customLong("jwks-url"), help: ArgumentHelp("Where the client publishes its JWKS.", valueName: "url"))
        var jwksURL: String?

        @Option(name: .customLong("scope"), help: ArgumentHelp("A SMART scope the client may be granted (repeatable).", valueName: "scope"))
        var scopes: [String] = []

        @Option(name: .customLong("role"), help: ArgumentHelp("An application role, e.g. reviewer (repeatable).", valueName: "role"))
        var roles: [String] = []

        func validate() throws {
            guard RegisteredClient.Kind(rawValue: kind) != nil else {
                throw ValidationError(
                    "--kind must be one of \(RegisteredClient.Kind.allCases.map(\.rawValue).joined(separator: ", ")) (got \(kind))")
            }
            guard (jwks == nil) != (jwksURL == nil) else {
                throw ValidationError("give exactly one of --jwks FILE or --jwks-url URL")
            }
            if let jwksURL, !ClientKeyResolver.isAcceptableJWKSURL(jwksURL) {
                throw ValidationError("--jwks-url must be an https URL (http only on loopback): \(jwksURL)")
            }
            let invalid = scopes.filter { SMARTScope($0) == nil }
            guard invalid.isEmpty else {
                throw ValidationError(
                    "not SMART scopes: \(invalid.joined(separator: ", ")) (expected e.g. system/Claim.cru or system/Claim.read)")
            }
        }

        func run() async throws {
            let configuration = try store.resolvedConfiguration()
            var jwksText: String?
            if let jwks {
                guard let data = FileManager.default.contents(atPath: jwks) else {
                    throw CommandFailure("cannot read \(jwks)")
                }
                do {
                    jwksText = try JWKSDocument.publicKeySet(from: data).serializedString()
                } catch {
                    throw CommandFailure("\(jwks): \(error)")
                }
            }
            let identifiers =
                npi.map { OrganizationIdentifier(system: "http://hl7.org/fhir/sid/us-npi", value: $0) }
                + payerID.map { OrganizationIdentifier(system: "http://greenlight.example/payer-id", value: $0) }
            let client = RegisteredClient(
                id: id, name: name, kind: RegisteredClient.Kind(rawValue: kind) ?? .provider,
                organizationIdentifiers: identifiers, jwks: jwksText, jwksURL: jwksURL,
                allowedScopes: scopes, roles: roles, createdAt: Date())
            let caseStore = try CaseStoreSetup.open(configuration, logger: Logger(label: "greenlight.clients"))
            do {
                try await caseStore.registerClient(client)
            } catch let error as CaseStoreError {
                throw CommandFailure(error.message)
            }
            print("Registered client \(id) (\(kind)) in \(configuration.databasePath).")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the registered clients.")

        @OptionGroup var store: StoreOptions

        func run() async throws {
            let configuration = try store.resolvedConfiguration()
            let caseStore = try CaseStoreSetup.open(configuration, logger: Logger(label: "greenlight.clients"))
            let clients = try await caseStore.clients()
            if clients.isEmpty {
                print("No clients are registered in \(configuration.databasePath).")
                return
            }
            for client in clients {
                let keys = client.jwksURL.map { "keys from \($0)" } ?? "inline JWKS"
                let organization = client.organizationIdentifiers.map(\.value).joined(separator: ", ")
                print("\(client.id)  \(client.kind.rawValue)  \(client.status.rawValue)  \(client.name)")
                print("    organization: \(organization.isEmpty ? "—" : organization); \(keys)")
                print("    scopes: \(client.allowedScopes.joined(separator: " "))")
                if !client.roles.isEmpty { print("    roles: \(client.roles.joined(separator: ", "))") }
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove a client; its access tokens stop working at once.")

        @OptionGroup var store: StoreOptions

        @Argument(help: "The client id.")
        var id: String

        func run() async throws {
            let configuration = try store.resolvedConfiguration()
            let caseStore = try CaseStoreSetup.open(configuration, logger: Logger(label: "greenlight.clients"))
            guard try await caseStore.removeClient(id: id) else {
                throw CommandFailure("no client \(id) is registered in \(configuration.databasePath)")
            }
            print("Removed client \(id).")
        }
    }
}
