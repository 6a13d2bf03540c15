import ArgumentParser
import CaseStore
import Foundation
import Logging
import Auth
import Server

/// `greenlight keys list|rotate`: the server's own access-token signing keys.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Show or rotate the keys that sign Greenlight's access tokens.",
        discussion: """
            The server rotates its key by itself every signingKeyRotationHours; rotate by hand \
            after a suspected compromise. Tokens signed by the previous key stay valid until \
            they expire (accessTokenLifetimeSeconds), then that key is deleted.
            """,
        subcommands: [List.self, Rotate.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the signing keys, newest first.")
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let configuration = try store.resolvedConfiguration()
            let caseStore = try CaseStoreSetup.open(configuration, logger: Logger(label: "greenlight.keys"))
            let keys = try await caseStore.signingKeys()
            if keys.isEmpty { print("No signing keys yet: the server creates one when it starts.") }
            for key in keys {
                let state = key.retiredAt.map { "retired \(ISO8601DateFormatter().string(from: $0))" } ?? "current"
                print("\(key.kid)  \(key.algorithm)  created \(ISO8601DateFormatter().string(from: key.createdAt))  \(state)")
            }
        }
    }

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Replace the current signing key now.")
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let configuration = try store.resolvedConfiguration()
            let caseStore = try CaseStoreSetup.open(configuration, logger: Logger(label: "greenlight.keys"))
            let ring = SecurityServices.keyRing(
                configuration: configuration, store: caseStore, timeSource: SystemTimeSource())
            let kid = try await ring.rotate()
            print("New signing key \(kid); a running server picks it up within a minute.")
        }
    }
}
